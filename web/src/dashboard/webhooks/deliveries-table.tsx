import { dateTime } from '../../format';
import { EmptyRow } from '../components/section';
import { StatusBadge } from '../components/status-badge';
import type { WebhookDelivery } from './types';

/// An endpoint's deliveries: event type, status, attempts, the last answer or error, the next
/// attempt; `onReplay` (roles that may write webhooks) adds a Replay button to each row.
export function DeliveriesTable({ deliveries, busy, onReplay }: {
  deliveries: WebhookDelivery[]; busy: boolean; onReplay: ((delivery: WebhookDelivery) => void) | null;
}) {
  const columns = onReplay ? 7 : 6;
  return (
    <div class="table-scroll">
      <table>
        <caption class="small">Times in UTC</caption>
        <thead>
          <tr>
            <th scope="col">Event</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Last answer</th>
            <th scope="col">Next attempt</th><th scope="col">Created</th>{onReplay && <th scope="col">Replay</th>}
          </tr>
        </thead>
        <tbody>
          {deliveries.map((delivery) => (
            <tr key={delivery.id}>
              <td>{delivery.event_type}{delivery.replay_of && <span class="small"> (replay)</span>}</td>
              <td><StatusBadge status={delivery.status} /></td>
              <td>{delivery.attempts} of {delivery.max_attempts}</td>
              <td class="step-error">{delivery.last_response_status ?? delivery.last_error ?? '—'}</td>
              <td>{delivery.next_attempt_at ? dateTime(delivery.next_attempt_at, 'UTC') : '—'}</td>
              <td>{dateTime(delivery.created_at, 'UTC')}</td>
              {onReplay && (
                <td>
                  <button type="button" class="secondary" disabled={busy} aria-label={`Replay ${delivery.event_type} delivery ${delivery.id}`} onClick={() => onReplay(delivery)}>Replay</button>
                </td>
              )}
            </tr>
          ))}
          {deliveries.length === 0 && <EmptyRow columns={columns} text="No delivery." />}
        </tbody>
      </table>
    </div>
  );
}
