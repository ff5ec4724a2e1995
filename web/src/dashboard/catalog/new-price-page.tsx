// A new price, /dashboard/catalog/prices/new (its route needs catalog:write): its product and billing, its
// pricing of any model with the what-if page's PriceEditor, and the playground pricing a typed
// quantity with it in this page before it is created.
import { useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { ErrorNote } from '../../components/layout';
import { Shell } from '../shell';
import type { PageProps } from '../routes';
import { dashboardHref } from '../routes';
import { useResource, type List } from '../components/use-resource';
import { call } from '../session';
import { PriceEditor, type Pricing } from '../what-if/price-editor';
import { Playground } from './playground';
import type { Price, Product } from './types';

const TYPES = ['recurring', 'usage', 'one_time'];
const INTERVALS = ['month', 'year', 'week', 'day'];

export function NewPricePage({ session }: PageProps) {
  const products = useResource<List<Product>>(session, '/v1/products?active=true&limit=100');
  const [billing, setBilling] = useState({ product: '', currency: 'USD', type: 'recurring', interval: 'month', metric: '', nickname: '' });
  const [pricing, setPricing] = useState<Pricing>({ model: 'per_unit', unit_amount: '1.00' });
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<Price | null>(null);
  const [busy, setBusy] = useState(false);
  const product = billing.product || products.value?.data[0]?.id || '';
  const set = (field: string) => (e: Event) => setBilling({ ...billing, [field]: (e.currentTarget as HTMLInputElement).value });

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body: Record<string, unknown> = { product, currency: billing.currency, type: billing.type, pricing };
    if (billing.type !== 'one_time') body.interval = billing.interval;
    if (billing.type === 'usage') body.metric = billing.metric;
    if (billing.nickname) body.nickname = billing.nickname;
    const outcome = await call<Price>(session, 'POST', '/v1/prices', body);
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    return setCreated(outcome.value);
  }

  return (
    <Shell session={session} title="New price">
      {created && <p role="status" class="panel">Price {created.nickname ?? created.id} is created ({created.id}). <a href={dashboardHref('catalog')}>Back to the catalog</a></p>}
      <form class="panel dash-section" onSubmit={submit} aria-label="New price">
        <label>
          Product
          <select value={product} onChange={set('product')}>
            {(products.value?.data ?? []).map((one) => <option key={one.id} value={one.id}>{one.name}</option>)}
          </select>
        </label>
        <label>Currency<input type="text" required value={billing.currency} onInput={set('currency')} /></label>
        <label>
          Type
          <select value={billing.type} onChange={set('type')}>{TYPES.map((type) => <option key={type} value={type}>{type.replace('_', ' ')}</option>)}</select>
        </label>
        {billing.type !== 'one_time' && (
          <label>
            Billed every
            <select value={billing.interval} onChange={set('interval')}>{INTERVALS.map((unit) => <option key={unit} value={unit}>{unit}</option>)}</select>
          </label>
        )}
        {billing.type === 'usage' && <label>Metric code<input type="text" required value={billing.metric} onInput={set('metric')} /></label>}
        <label>Nickname (optional)<input type="text" value={billing.nickname} onInput={set('nickname')} /></label>
        <PriceEditor pricing={pricing} onChange={setPricing} />
        {error && <ErrorNote error={error} title="The price could not be created" />}
        <div class="actions"><button type="submit" disabled={busy || !product}>{busy ? 'Creating…' : 'Create the price'}</button></div>
      </form>
      <Playground currency={billing.currency} pricing={pricing} />
    </Shell>
  );
}
