import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Ratecard } from 'ratecard';
import { api, type ApiError } from '../api';
import { loadCore } from '../core';
import { date, interval, money, quantity as formatQuantity } from '../format';
import { ErrorNote, Layout, Loading } from '../components/layout';
import { coreInstant } from '../portal/prorate-request';
import { offersPlan, previewChange, type ChangePreview } from '../portal/change-preview';
import { AccessPanel } from '../portal/access-panel';
import { AccountSection } from '../portal/account-section';
import { BillingDetails } from '../portal/billing-details';
import { NextInvoice } from '../portal/next-invoice';
import { waitsForPeriodEnd } from '../portal/change-timing';
import { ScheduledChanges } from '../portal/scheduled-changes';
import { UsagePanel } from '../portal/usage-panel';
import { InvoicesPanel } from '../portal/invoices-panel';
import { PaymentMethodsPanel } from '../portal/payment-methods-panel';
import type { AddOn, Customer, Plan, Subscription } from '../portal/types';

interface Loaded {
  customer: Customer;
  subscription: Subscription;
  plans: Map<string, Plan>;
  addOns: Map<string, AddOn>;
  /// The server's clock at the last response minus the page's clock then (whole seconds).
  serverOffsetMs: number;
}

const TOKEN_KEY = 'ratecard.portal.token';

// The portal token arrives in the link's fragment; it is kept for this tab only and taken out of
// the address bar (and so out of the history).
function portalToken(): string {
  const fromLink = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromLink) {
    sessionStorage.setItem(TOKEN_KEY, fromLink);
    history.replaceState(null, '', window.location.pathname);
    return fromLink;
  }
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

/// The customer portal: the subscription, a change of plan or seats with its proration computed
/// here by the core (WebAssembly) and applied at the previewed instant, cancel and resume, and
/// the billing details; only what the plan's portal policy allows is offered.
export function PortalPage() {
  const [token] = useState(portalToken);
  const [core, setCore] = useState<Ratecard | null>(null);
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [empty, setEmpty] = useState(false);

  async function load() {
    const call = <T,>(path: string) => api<T>('GET', path, { token });
    const list = await call<{ data: Subscription[] }>('/v1/subscriptions?limit=100');
    if (!list.ok) return setError(list.error);
    const subscription = list.value.data.find((candidate) => candidate.status !== 'canceled') ?? list.value.data[0];
    if (!subscription) return setEmpty(true);
    const [customer, plan, addOnList] = await Promise.all([
      call<Customer>(`/v1/customers/${subscription.customer}`),
      call<Plan>(`/v1/plans/${subscription.plan}`),
      call<{ data: AddOn[] }>('/v1/add_ons?limit=100'),
    ]);
    if (!customer.ok) return setError(customer.error);
    if (!plan.ok) return setError(plan.error);
    if (!addOnList.ok) return setError(addOnList.error);
    const plans = new Map([[plan.value.id, plan.value]]);
    for (const id of plan.value.portal.allowed_plans) {
      const other = await call<Plan>(`/v1/plans/${id}`);
      if (other.ok) plans.set(id, other.value);
    }
    const serverDate = Date.parse(list.headers.get('date') || '');
    setData({
      customer: customer.value, subscription, plans,
      addOns: new Map(addOnList.value.data.map((addOn) => [addOn.id, addOn])),
      serverOffsetMs: Number.isNaN(serverDate) ? 0 : serverDate - Date.now(),
    });
  }

  useEffect(() => {
    if (!token) {
      setError({ code: 'UNAUTHENTICATED', message: 'Open the portal from the link your provider sent you (it holds your session).', path: '' });
      return;
    }
    loadCore().then(setCore, (reason) => setError({ code: 'WASM', message: `the pricing core did not load: ${String(reason)}`, path: '' }));
    load();
  }, []);

  if (error) return <Layout title="Your subscription"><ErrorNote error={error} title="The portal cannot open" /></Layout>;
  if (empty) return <Layout title="Your subscription"><p>You have no subscription yet.</p></Layout>;
  if (!data || !core) return <Layout title="Your subscription"><Loading what="your subscription" /></Layout>;
  return (
    <PortalView core={core} data={data} token={token} onChanged={(subscription) => setData({ ...data, subscription })}
      onCustomerSaved={(customer) => setData({ ...data, customer })} />
  );
}

function PortalView({ core, data, token, onChanged, onCustomerSaved }: {
  core: Ratecard; data: Loaded; token: string; onChanged: (subscription: Subscription) => void; onCustomerSaved: (customer: Customer) => void;
}) {
  const { customer, subscription, plans, addOns } = data;
  const current = plans.get(subscription.plan)!;
  const policy = current.portal;
  const zone = subscription.time_zone;
  const currency = customer.currency;

  const [targetPlan, setTargetPlan] = useState(subscription.plan);
  const [seats, setSeats] = useState(subscription.quantity);
  const [chosenAddOns, setChosenAddOns] = useState(subscription.add_ons);
  const [previewAt, setPreviewAt] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const target = plans.get(targetPlan) ?? current;
  const changed = targetPlan !== subscription.plan || seats !== subscription.quantity
    || JSON.stringify(chosenAddOns) !== JSON.stringify(subscription.add_ons);

  // The preview: the core in this page, at the server's current second.
  const preview = useMemo(() => {
    if (!changed || subscription.status === 'canceled') return null;
    const changeAt = coreInstant(new Date(Date.now() + data.serverOffsetMs).toISOString());
    const outcome = previewChange(core, subscription, current, { plan: target, quantity: seats, addOns: chosenAddOns }, currency, addOns, changeAt);
    return outcome.ok ? { proration: outcome.result, changeAt } : { error: outcome.error as ApiError, changeAt };
  }, [changed, targetPlan, seats, JSON.stringify(chosenAddOns), subscription, previewAt]);

  async function act(path: string, body: unknown, done: (subscription: Subscription) => string) {
    setBusy(true);
    setActionError(null);
    setNotice(null);
    const outcome = await api<Subscription>('POST', `/v1/subscriptions/${subscription.id}/${path}`, { token, body });
    setBusy(false);
    if (!outcome.ok) return setActionError(outcome.error);
    setNotice(done(outcome.value));
    onChanged(outcome.value);
  }

  function applyChange() {
    if (!preview || !('proration' in preview) || !preview.proration) return;
    const { proration } = preview;
    const body: Record<string, unknown> = { proration_date: preview.changeAt };
    if (targetPlan !== subscription.plan) body.plan = targetPlan;
    if (seats !== subscription.quantity) body.quantity = seats;
    if (JSON.stringify(chosenAddOns) !== JSON.stringify(subscription.add_ons)) body.add_ons = chosenAddOns;
    const previewed = JSON.stringify(proration.lines);
    const waits = waitsForPeriodEnd(proration, current);
    act('change', body, (updated) => {
      setChosenAddOns(updated.add_ons);
      setSeats(updated.quantity);
      setTargetPlan(updated.plan);
      if (waits) {
        const scheduled = updated.scheduled_changes.find((change) => change.timing === 'period_end' && !change.cancel);
        return scheduled
          ? `Your change takes effect on ${date(scheduled.effective_at, zone)}, unprorated, as previewed.`
          : 'Your subscription was changed now, not at the end of the period as previewed: please contact support.';
      }
      const applied = JSON.stringify(updated.pending_prorations.slice(updated.pending_prorations.length - proration.lines.length));
      return applied === previewed
        ? 'Your subscription was changed; the proration is exactly the one previewed.'
        : 'Your subscription was changed; the server prorated differently from the preview: please contact support.';
    });
  }

  const allowedAddOns = policy.allowed_add_ons.filter((id) => addOns.has(id));
  // The page prices with the plan's current prices; a subscription still on an earlier version
  // of the plan (grandfathered after a price edit) is changed by the provider instead.
  const onCurrentPrices = subscription.plan_version === current.version;
  const canChange = subscription.status !== 'canceled' && onCurrentPrices
    && (policy.allowed_plans.length > 0 || policy.quantity.adjustable || allowedAddOns.length > 0);

  return (
    <Layout title="Your subscription">
      <div class="columns">
        <section class="panel" aria-labelledby="current-title">
          <h2 id="current-title">{current.name}</h2>
          <dl class="facts">
            <dt>Status</dt>
            <dd data-testid="status">
              {subscription.status}{subscription.cancel_at_period_end ? `, cancels on ${date(subscription.current_period_end, zone)}` : ''}
            </dd>
            <dt>Seats</dt><dd data-testid="seats">{formatQuantity(subscription.quantity)}</dd>
            <dt>Billing</dt><dd>{interval(current.interval_count, current.interval)}</dd>
            {subscription.trial_end && <><dt>Trial ends</dt><dd>{date(subscription.trial_end, zone)}</dd></>}
            <dt>Current period</dt><dd>{date(subscription.current_period_start, zone)} – {date(subscription.current_period_end, zone)}</dd>
            <dt>Next invoice</dt><dd>{subscription.status === 'canceled' || subscription.cancel_at_period_end ? 'none' : date(subscription.current_period_end, zone)}</dd>
            {subscription.add_ons.length > 0 && (
              <><dt>Add-ons</dt><dd>{subscription.add_ons.map((entry) => `${addOns.get(entry.add_on)?.name ?? entry.add_on} × ${formatQuantity(entry.quantity)}`).join(', ')}</dd></>
            )}
            <ScheduledChanges subscription={subscription} plans={plans} addOns={addOns} />
            {subscription.pending_prorations.length > 0 && (
              <><dt>Waiting for the next invoice</dt><dd>{subscription.pending_prorations.length} proration line(s)</dd></>
            )}
          </dl>
          <NextInvoice subscription={subscription} token={token} plans={plans} addOns={addOns} />
          <div class="actions">
            {subscription.status !== 'canceled' && !subscription.cancel_at_period_end && (
              <button type="button" class="secondary" disabled={busy}
                onClick={() => act('cancel', { at_period_end: true }, () => 'Your subscription will end at the end of the period.')}>
                Cancel at period end
              </button>
            )}
            {subscription.cancel_at_period_end && subscription.status !== 'canceled' && (
              <button type="button" disabled={busy} onClick={() => act('reactivate', undefined, () => 'Your subscription will renew again.')}>
                Resume subscription
              </button>
            )}
          </div>
          {!onCurrentPrices && <p class="small">You keep the earlier price of this plan; to change your subscription, contact your provider.</p>}
          {notice && <p class="success" role="status" data-testid="notice">{notice}</p>}
          {actionError && <ErrorNote error={actionError} title="That did not work" />}
        </section>

        {canChange && (
          <section class="panel" aria-labelledby="change-title">
            <h2 id="change-title">Change your subscription</h2>
            {policy.allowed_plans.length > 0 && (
              <>
                <label for="target-plan">Plan</label>
                <select id="target-plan" value={targetPlan} onChange={(event) => setTargetPlan((event.target as HTMLSelectElement).value)}>
                  {[...plans.values()].filter((plan) => offersPlan(current, plan)).map((plan) => <option key={plan.id} value={plan.id}>{plan.name}</option>)}
                </select>
              </>
            )}
            {policy.quantity.adjustable && (
              <>
                <label for="portal-seats">Seats</label>
                <input id="portal-seats" type="text" inputMode="decimal" value={seats} aria-describedby="portal-seats-hint"
                  onInput={(event) => setSeats((event.target as HTMLInputElement).value)} />
                <p class="hint" id="portal-seats-hint">
                  From {policy.quantity.minimum}{policy.quantity.maximum ? ` to ${policy.quantity.maximum}` : ''}.
                </p>
              </>
            )}
            {allowedAddOns.map((id) => {
              const on = chosenAddOns.some((entry) => entry.add_on === id);
              return (
                <div class="check" key={id}>
                  <input type="checkbox" id={`portal-addon-${id}`} checked={on}
                    onChange={() => setChosenAddOns(on ? chosenAddOns.filter((entry) => entry.add_on !== id) : [...chosenAddOns, { add_on: id, quantity: '1' }])} />
                  <label for={`portal-addon-${id}`}>{addOns.get(id)!.name}</label>
                </div>
              );
            })}
            <div aria-live="polite">
              {preview && 'error' in preview && <ErrorNote error={preview.error!} title="This change cannot be priced" />}
              {preview && 'proration' in preview && (
                <ProrationPreview proration={preview.proration!} currency={currency} zone={zone} plans={plans} addOns={addOns}
                  periodEnd={waitsForPeriodEnd(preview.proration!, current) ? subscription.current_period_end : null} />
              )}
            </div>
            <div class="actions">
              <button type="button" class="secondary" disabled={!changed || busy} onClick={() => setPreviewAt(new Date().toISOString())}>
                Refresh preview
              </button>
              <button type="button" disabled={!preview || !('proration' in preview) || busy} onClick={applyChange}>
                Confirm change
              </button>
            </div>
          </section>
        )}

        <UsagePanel customerId={customer.id} token={token} timeZone={zone} refresh={subscription} />

        <BillingDetails customer={customer} token={token} onSaved={onCustomerSaved} />

        <InvoicesPanel token={token} zone={zone} />

        <PaymentMethodsPanel customerId={customer.id} token={token} />

        <AccessPanel customerId={customer.id} token={token} />

        <AccountSection customerId={customer.id} token={token} zone={zone} quantity={subscription.quantity} onBilled={onChanged} />
      </div>
    </Layout>
  );
}

function ProrationPreview({ proration, currency, zone, plans, addOns, periodEnd }: {
  proration: ChangePreview; currency: string; zone: string; plans: Map<string, Plan>; addOns: Map<string, AddOn>; periodEnd: string | null;
}) {
  const name = (item: string) => {
    if (item.startsWith('add_on:')) return addOns.get(item.slice(7))?.name ?? item;
    for (const plan of plans.values()) if (plan.prices.some((price) => `price:${price.id}` === item)) return plan.name;
    return item;
  };
  if (periodEnd) {
    return <p data-testid="preview" data-timing="period_end">This change lowers your price: it takes effect at the end of the period, on {date(periodEnd, zone)}, with nothing prorated.</p>;
  }
  if (proration.in_trial) return <p data-testid="preview">You are in your free trial: nothing is prorated; the new price applies when the trial ends.</p>;
  return (
    <div data-testid="preview" data-lines={JSON.stringify(proration.lines)}>
      <div class="table-scroll">
        <table>
          <caption class="small">
            {proration.restarts_cycle
              ? `Your billing cycle restarts on ${date(proration.change_at, zone)} with the new plan's interval; the unused time of the current one is credited on your next invoice`
              : `Proration at ${date(proration.change_at, zone)}, added to your next invoice`}
          </caption>
          <thead><tr><th scope="col">Item</th><th scope="col" class="amount">Amount</th></tr></thead>
          <tbody>
            {proration.lines.map((line, index) => (
              <tr key={index}>
                <td>{line.kind === 'credit' ? 'Unused time on' : 'Remaining time on'} {name(line.item)} × {formatQuantity(line.quantity)}</td>
                <td class="amount">{money(line.amount, currency)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot><tr class="total"><th scope="row">Net</th><td class="amount" data-testid="preview-total">{money(proration.total, currency)}</td></tr></tfoot>
        </table>
      </div>
    </div>
  );
}
