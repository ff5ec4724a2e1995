// One plan, /dashboard/catalog/plans/:id: its prices, and (for catalog:write) an editor of one
// of them with the playground; saving makes the plan's next version with the edited price.
import { useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { ErrorNote } from '../../components/layout';
import { interval } from '../../format';
import { Shell } from '../shell';
import type { PageProps } from '../routes';
import { Section } from '../components/section';
import { useResource } from '../components/use-resource';
import { can } from '../session';
import { PriceEditor, type Pricing } from '../what-if/price-editor';
import { Playground } from './playground';
import { priceSummary } from './price-summary';
import { replacePlanPrice } from './replace-plan-price';
import type { Plan, Price } from './types';

export function PlanPage({ session, params }: PageProps) {
  const plan = useResource<Plan>(session, `/v1/plans/${encodeURIComponent(params.id)}`);
  const [editing, setEditing] = useState<{ price: Price; pricing: Pricing } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mayWrite = can(session, 'catalog:write');

  async function save(current: Plan) {
    if (!editing) return;
    setBusy(true);
    setError(null);
    const outcome = await replacePlanPrice(session, current, editing.price, editing.pricing);
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    setEditing(null);
    setNotice(`${outcome.value.name} is now at version ${outcome.value.version}.`);
    return plan.set(outcome.value);
  }

  return (
    <Shell session={session} title={plan.value ? `Plan ${plan.value.name}` : 'Plan'}>
      {notice && <p role="status" class="panel">{notice}</p>}
      <Section id="plan-prices" title="Prices" value={plan.value} error={plan.error}>
        {(current) => (
          <>
            <p>
              {current.code}, {current.currency}, {interval(current.interval_count, current.interval)}, version {current.version}
              {current.active ? '' : ' (archived)'}
            </p>
            <ul class="price-list">
              {current.prices.map((price) => (
                <li key={price.id}>
                  {priceSummary(price)}{' '}
                  {mayWrite && (
                    <button type="button" class="secondary" aria-label={`Edit ${price.nickname ?? price.id}`}
                      onClick={() => { setNotice(null); setEditing({ price, pricing: price.pricing }); }}>Edit</button>
                  )}
                </li>
              ))}
            </ul>
            {editing && (
              <>
                <PriceEditor pricing={editing.pricing} onChange={(pricing) => setEditing({ ...editing, pricing })} />
                <Playground currency={editing.price.currency} pricing={editing.pricing} />
                {error && <ErrorNote error={error} title="The price could not be saved" />}
                <div class="actions">
                  <button type="button" disabled={busy} onClick={() => save(current)}>Save as the plan's new price</button>
                  <button type="button" class="secondary" onClick={() => setEditing(null)}>Cancel</button>
                </div>
              </>
            )}
          </>
        )}
      </Section>
    </Shell>
  );
}
