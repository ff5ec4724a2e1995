import { useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { dateTime } from '../../format';
import { ErrorNote, Loading } from '../../components/layout';
import { Shell } from '../shell';
import type { PageProps } from '../routes';
import { Section } from '../components/section';
import { StatusBadge } from '../components/status-badge';
import { useResource, type List } from '../components/use-resource';
import { call, can } from '../session';
import { DeliveriesTable } from './deliveries-table';
import { DELIVERY_STATUSES, type WebhookDelivery, type WebhookEndpoint } from './types';
import { NextPageButton } from '../components/next-page';

/// One webhook endpoint: its facts and its deliveries, newest first, 50 a page, by status, with
/// Replay (the event sent again as a new delivery) for roles that may write webhooks.
export function WebhookEndpointPage({ session, params }: PageProps) {
  const base = `/v1/webhook_endpoints/${encodeURIComponent(params.id)}`;
  const endpoint = useResource<WebhookEndpoint>(session, base);
  const [status, setStatus] = useState('');
  const [cursor, setCursor] = useState<string | null>(null);
  const query = new URLSearchParams({ limit: '50' });
  if (status) query.set('status', status);
  if (cursor) query.set('cursor', cursor);
  const deliveries = useResource<List<WebhookDelivery>>(session, `${base}/deliveries?${query}`);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const value = endpoint.value;

  async function replay(delivery: WebhookDelivery) {
    setBusy(true);
    setError(null);
    const outcome = await call<WebhookDelivery>(session, 'POST', `/v1/webhook_deliveries/${encodeURIComponent(delivery.id)}/replay`, {});
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    setNotice(`The ${delivery.event_type} event is sent again as delivery ${outcome.value.id}.`);
    deliveries.reload();
  }

  return (
    <Shell session={session} title="Webhook endpoint">
      {endpoint.error && <ErrorNote error={endpoint.error} title="The endpoint could not be loaded" />}
      {!endpoint.error && !value && <Loading what="the endpoint" />}
      {value && (
        <dl class="facts panel">
          <dt>URL</dt><dd class="hash">{value.url}</dd>
          <dt>Status</dt><dd><StatusBadge status={value.status} /></dd>
          {value.disabled_reason && <><dt>Disabled because</dt><dd>{value.disabled_reason}</dd></>}
          <dt>Events</dt><dd class="hash">{value.event_types.join(', ')}</dd>
          {value.description && <><dt>Description</dt><dd>{value.description}</dd></>}
          <dt>Failing since</dt><dd>{value.failing_since ? `${dateTime(value.failing_since, 'UTC')} UTC` : '—'}</dd>
        </dl>
      )}
      <div class="inline">
        <label for="delivery-status">Delivery status</label>
        <select id="delivery-status" value={status} onChange={(e) => { setCursor(null); setStatus(e.currentTarget.value); }}>
          <option value="">Any</option>
          {DELIVERY_STATUSES.map((name) => <option key={name} value={name}>{name}</option>)}
        </select>
      </div>
      <p role="status" aria-live="polite" class={notice ? 'success' : undefined}>{notice}</p>
      {error && <ErrorNote error={error} title="The delivery was not replayed" />}
      <Section id="deliveries" title="Deliveries" value={deliveries.value} error={deliveries.error}>
        {(list) => (
          <>
            <DeliveriesTable deliveries={list.data} busy={busy} onReplay={can(session, 'webhooks:write') ? replay : null} />
            <NextPageButton list={list} onNext={setCursor} />
          </>
        )}
      </Section>
    </Shell>
  );
}
