// From a what-if to a price migration (docs/server.md, "Plan versions and price migrations"):
// the edited price becomes a new price and the plan's next version (its other prices kept), the
// migration of the plan's subscriptions to that version is dry-run, and then started, at each
// subscription's next renewal. Every step is the server's API with the operator's session; only
// roles that may write the catalog and subscriptions see the panel.
import { useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { ErrorNote } from '../../components/layout';
import { ConfirmButton } from '../../components/confirm-button';
import { money } from '../../format';
import type { WhatIfPrice } from './inputs';
import type { Pricing } from './price-editor';
import { call, can, type Session } from '../session';

interface DryRun {
  plan: string; to_version: number; has_more: boolean;
  data: { subscription: string; customer: string; from_version: number; currency: string; old_recurring_amount: string; new_recurring_amount: string }[];
}
interface Plan { id: string; version: number; prices: { id: string }[] }

type Step =
  | { state: 'idle' }
  | { state: 'working'; what: string }
  | { state: 'failed'; error: ApiError }
  | { state: 'dry_run'; body: object; dryRun: DryRun }
  | { state: 'started'; migration: { id: string; status: string; total: number } };

export function MigrationPanel({ session, price, pricing, plans }: {
  session: Session; price: WhatIfPrice; pricing: Pricing; plans: { id: string; version: number }[];
}) {
  const [planId, setPlanId] = useState(plans[0]?.id ?? '');
  const [step, setStep] = useState<Step>({ state: 'idle' });
  if (!can(session, 'catalog:write') || !can(session, 'subscriptions:write')) return null;
  if (!plans.length) return <p class="hint">No plan lists this price: there is no price migration to start.</p>;

  const dryRun = async () => {
    setStep({ state: 'working', what: 'Creating the new price and plan version' });
    const plan = await call<Plan>(session, 'GET', `/v1/plans/${encodeURIComponent(planId)}`);
    if (!plan.ok) return setStep({ state: 'failed', error: plan.error });
    if (!plan.value.prices.some((p) => p.id === price.id)) {
      return setStep({ state: 'failed', error: { code: 'INVALID_STATE', message: `plan ${planId}'s current version does not list ${price.id}`, path: '' } });
    }
    const created = await call<{ id: string }>(session, 'POST', '/v1/prices', {
      product: price.product, currency: price.currency, type: price.type, pricing,
      ...(price.interval ? { interval: price.interval } : {}), ...(price.interval_count ? { interval_count: price.interval_count } : {}),
      ...(price.metric ? { metric: price.metric } : {}), ...(price.nickname ? { nickname: price.nickname } : {}),
    });
    if (!created.ok) return setStep({ state: 'failed', error: created.error });
    const prices = plan.value.prices.map((p) => (p.id === price.id ? created.value.id : p.id));
    const edited = await call<Plan>(session, 'PATCH', `/v1/plans/${encodeURIComponent(planId)}`, { prices });
    if (!edited.ok) return setStep({ state: 'failed', error: edited.error });
    const body = { plan: planId, to_version: edited.value.version, effective: 'next_renewal' };
    setStep({ state: 'working', what: 'Dry-running the migration' });
    const result = await call<DryRun>(session, 'POST', '/v1/plan_migrations/dry_run', body);
    if (!result.ok) return setStep({ state: 'failed', error: result.error });
    return setStep({ state: 'dry_run', body, dryRun: result.value });
  };

  const start = async (body: object) => {
    setStep({ state: 'working', what: 'Starting the migration' });
    const result = await call<{ id: string; status: string; total: number }>(session, 'POST', '/v1/plan_migrations', body);
    setStep(result.ok ? { state: 'started', migration: result.value } : { state: 'failed', error: result.error });
  };

  return (
    <section class="panel migration" aria-labelledby="migration-title">
      <h2 id="migration-title">Price migration</h2>
      {plans.length > 1 && (
        <label>
          Plan
          <select value={planId} onChange={(e) => setPlanId((e.target as HTMLSelectElement).value)}>
            {plans.map((plan) => <option key={plan.id} value={plan.id}>{plan.id} (version {plan.version})</option>)}
          </select>
        </label>
      )}
      <div aria-live="polite">
        {step.state === 'idle' && (
          <ConfirmButton label="Make this the plan's next version and dry-run the migration"
            question={`Create the edited price and version ${(plans.find((p) => p.id === planId)?.version ?? 0) + 1} of ${planId}? New subscriptions take it at once.`}
            confirmLabel="Create version" onConfirm={dryRun} />
        )}
        {step.state === 'working' && <p class="loading" role="status">{step.what}…</p>}
        {step.state === 'failed' && <ErrorNote error={step.error} title="The migration could not go on" />}
        {step.state === 'dry_run' && (
          <div class="dry-run">
            <p>
              Dry run: {step.dryRun.data.length}{step.dryRun.has_more ? '+' : ''} subscriptions would move to version {step.dryRun.to_version} at
              their next renewal.
            </p>
            <div class="table-scroll">
              <table>
                <thead><tr><th scope="col">Subscription</th><th scope="col">Customer</th><th scope="col" class="amount">Recurring now</th><th scope="col" class="amount">Then</th></tr></thead>
                <tbody>
                  {step.dryRun.data.slice(0, 10).map((row) => (
                    <tr key={row.subscription}>
                      <td>{row.subscription}</td><td>{row.customer}</td>
                      <td class="amount">{money(row.old_recurring_amount, row.currency)}</td>
                      <td class="amount">{money(row.new_recurring_amount, row.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <ConfirmButton label="Start the migration" question="Move these subscriptions at their next renewal?" confirmLabel="Start"
              onConfirm={() => start(step.body)} />
          </div>
        )}
        {step.state === 'started' && (
          <p class="success" data-migration={step.migration.id}>
            Migration {step.migration.id} {step.migration.status}: {step.migration.total} subscriptions.
          </p>
        )}
      </div>
    </section>
  );
}
