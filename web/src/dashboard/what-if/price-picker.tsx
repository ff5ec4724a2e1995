// Which price to try: the latest active prices (newest first, 100 at most) as links, or any
// price by its id.
import { useEffect, useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { ErrorNote, Loading } from '../../components/layout';
import { call, type Session } from '../session';
import type { WhatIfPrice } from './inputs';

export function PricePicker({ session }: { session: Session }) {
  const [prices, setPrices] = useState<{ data: WhatIfPrice[]; has_more: boolean } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    call<{ data: WhatIfPrice[]; has_more: boolean }>(session, 'GET', '/v1/prices?active=true&limit=100')
      .then((outcome) => (outcome.ok ? setPrices(outcome.value) : setError(outcome.error)));
  }, []);
  return (
    <>
      <p>Choose the price to edit: every current customer's last billed quantity of it is repriced here.</p>
      {error && <ErrorNote error={error} />}
      {!error && !prices && <Loading what="the prices" />}
      {prices && (
        <ul class="price-list">
          {prices.data.filter((price) => price.pricing.model !== 'percentage').map((price) => (
            <li key={price.id}>
              <a href={`?price=${encodeURIComponent(price.id)}`}>{price.nickname ?? price.id}</a>{' '}
              <span class="small">{String(price.pricing.model).replace('_', ' ')}, {price.type}, {price.currency}</span>
            </li>
          ))}
        </ul>
      )}
      {prices?.has_more && <p class="small">The 100 newest active prices are listed; open another by its id.</p>}
      <form method="get" class="panel inline">
        <label for="what-if-price">Price id</label>
        <input id="what-if-price" type="text" name="price" required />
        <button type="submit">Open</button>
      </form>
    </>
  );
}
