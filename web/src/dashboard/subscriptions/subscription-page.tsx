import { useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { date } from '../../format';
import { ErrorNote, Loading } from '../../components/layout';
import { ConfirmButton } from '../../components/confirm-button';
import { Shell } from '../shell';
import { dashboardHref, type PageProps } from '../routes';
import { useResource } from '../components/use-resource';
import { StatusBadge } from '../components/status-badge';
import { call, can } from '../session';
import { ItemsAndSchedule } from './schedule-section';
import { UpcomingInvoiceSection } from './upcoming-section';
import { CANCELABLE, type SubscriptionRow } from './types';

/// One subscription: its facts, items, pending phases and the customer's upcoming invoice;
/// roles that may write subscriptions cancel it at the period end, or resume it (withdraw that).
export function SubscriptionPage({ session, params }: PageProps) {
  const path = `/v1/subscriptions/${encodeURIComponent(params.id)}`;
  const subscription = useResource<SubscriptionRow>(session, `${path}?expand[]=plan`);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const value = subscription.value;
  const mayWrite = can(session, 'subscriptions:write');

  async function act(action: 'cancel' | 'reactivate', body: unknown, done: string) {
    setBusy(true);
    setError(null);
    setNotice(null);
    const outcome = await call<SubscriptionRow>(session, 'POST', `${path}/${action}`, body);
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    setNotice(done);
    subscription.reload();
  }

  return (
    <Shell session={session} title={value ? `Subscription to ${value.plan.name}` : 'Subscription'}>
      {subscription.error && <ErrorNote error={subscription.error} title="The subscription could not be loaded" />}
      {!subscription.error && !value && <Loading what="the subscription" />}
      {value && (
        <>
          <dl class="facts panel">
            <dt>Id</dt><dd class="hash">{value.id}</dd>
            <dt>Status</dt><dd><StatusBadge status={value.status} />{value.cancel_at_period_end && <span class="small"> (cancels at period end)</span>}</dd>
            <dt>Customer</dt><dd><a href={dashboardHref(`customers/${encodeURIComponent(value.customer)}`)}>{value.customer}</a></dd>
            <dt>Started</dt><dd>{date(value.started_at, value.time_zone)}</dd>
            <dt>Current period</dt><dd>{date(value.current_period_start, value.time_zone)} – {date(value.current_period_end, value.time_zone)}</dd>
            {value.trial_end && <><dt>Trial ends</dt><dd>{date(value.trial_end, value.time_zone)}</dd></>}
            {value.cancel_at && <><dt>Ends</dt><dd>{date(value.cancel_at, value.time_zone)}</dd></>}
            {value.ended_at && <><dt>Ended</dt><dd>{date(value.ended_at, value.time_zone)}</dd></>}
          </dl>
          {mayWrite && (
            <div class="actions">
              {CANCELABLE.includes(value.status) && !value.cancel_at && (
                <ConfirmButton label="Cancel at period end" question="Cancel this subscription at the end of its period?" confirmLabel="Cancel it then"
                  disabled={busy} onConfirm={() => act('cancel', { effective_at: 'period_end' }, 'The subscription will cancel at the end of its period.')} />
              )}
              {value.cancel_at && !value.ended_at && (
                <button type="button" class="secondary" disabled={busy}
                  onClick={() => act('reactivate', undefined, 'The subscription renews again.')}>Resume</button>
              )}
            </div>
          )}
          <p role="status" aria-live="polite" class={notice ? 'success' : undefined}>{notice}</p>
          {error && <ErrorNote error={error} title="The subscription did not change" />}
          <ItemsAndSchedule subscription={value} />
          {can(session, 'invoices:read') && <UpcomingInvoiceSection session={session} customer={value.customer} />}
        </>
      )}
    </Shell>
  );
}
