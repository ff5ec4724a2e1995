import { useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { dateTime } from '../../format';
import { ErrorNote, Loading } from '../../components/layout';
import { Shell } from '../shell';
import { dashboardHref, type PageProps } from '../routes';
import { useResource } from '../components/use-resource';
import { StatusBadge } from '../components/status-badge';
import { call, can } from '../session';
import { StepsTable } from './steps-table';
import type { Order } from './types';

/// One provisioning order: its facts, why it is blocked or failed, each step's state, attempts
/// and last error, and Retry (the dependency checks again) of a blocked order for roles that may
/// write orders.
export function OrderPage({ session, params }: PageProps) {
  const order = useResource<Order>(session, `/v1/orders/${encodeURIComponent(params.id)}`);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const value = order.value;

  async function retry(target: Order) {
    setBusy(true);
    setError(null);
    const outcome = await call<Order>(session, 'POST', `/v1/orders/${encodeURIComponent(target.id)}/retry`, {});
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    order.set(outcome.value);
    setNotice(`Order ${outcome.value.id} is ${outcome.value.status}: its checks run again.`);
  }

  return (
    <Shell session={session} title={value ? `${value.type[0].toUpperCase()}${value.type.slice(1).replace(/_/g, ' ')} order` : 'Order'}>
      {order.error && <ErrorNote error={order.error} title="The order could not be loaded" />}
      {!order.error && !value && <Loading what="the order" />}
      {value && (
        <>
          <dl class="facts panel">
            <dt>Order</dt><dd class="hash">{value.id}</dd>
            <dt>State</dt><dd><StatusBadge status={value.status} /></dd>
            <dt>Customer</dt><dd><a class="hash" href={dashboardHref(`customers/${encodeURIComponent(value.customer)}`)}>{value.customer}</a></dd>
            <dt>Placed by</dt><dd>{value.source}</dd>
            <dt>Placed</dt><dd>{dateTime(value.created_at, 'UTC')} UTC</dd>
            {value.blocked_reason && <><dt>Blocked because</dt><dd>{value.blocked_reason}</dd></>}
            {value.failure && <><dt>Failed because</dt><dd>{value.failure}</dd></>}
          </dl>
          <div class="actions">
            <button type="button" class="secondary" onClick={() => order.reload()}>Refresh</button>
            {can(session, 'orders:write') && value.status === 'blocked' && (
              <button type="button" disabled={busy} onClick={() => retry(value)}>Retry order</button>
            )}
          </div>
          <p role="status" aria-live="polite" class={notice ? 'success' : undefined}>{notice}</p>
          {error && <ErrorNote error={error} title="The order was not retried" />}
          <section aria-labelledby="steps" class="panel dash-section">
            <h2 id="steps">Steps</h2>
            <StepsTable steps={value.steps} />
          </section>
        </>
      )}
    </Shell>
  );
}
