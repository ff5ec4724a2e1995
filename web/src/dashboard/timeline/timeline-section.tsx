import { useState } from 'preact/hooks';
import { dateTime } from '../../format';
import type { Session } from '../session';
import { dashboardHref } from '../routes';
import { EmptyRow, Section } from '../components/section';
import { StatusBadge } from '../components/status-badge';
import { useResource, type List } from '../components/use-resource';
import { NextPageButton } from '../components/next-page';

/// One entry of GET /v1/customers/:id/timeline: an event, and for an order's event the order
/// as it is now.
interface TimelineEntry {
  id: string;
  type: string;
  created_at: string;
  data: { object: { id?: string } };
  order: { id: string; type: string; status: string } | null;
}

/// A customer's events, newest first, 50 a page: when, what happened, to which object (an
/// order's event links to the order and shows its state now).
export function TimelineSection({ session, customerId }: { session: Session; customerId: string }) {
  const [cursor, setCursor] = useState<string | null>(null);
  const query = new URLSearchParams({ limit: '50' });
  if (cursor) query.set('cursor', cursor);
  const timeline = useResource<List<TimelineEntry>>(session, `/v1/customers/${encodeURIComponent(customerId)}/timeline?${query}`);
  return (
    <Section id="timeline" title="Timeline" value={timeline.value} error={timeline.error}>
      {(list) => (
        <>
          <div class="table-scroll">
            <table>
              <caption class="small">Newest first, times in UTC</caption>
              <thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">Object</th></tr></thead>
              <tbody>
                {list.data.map((entry) => (
                  <tr key={entry.id}>
                    <td>{dateTime(entry.created_at, 'UTC')}</td>
                    <td>{entry.type}</td>
                    <td>
                      {entry.order
                        ? <><a class="hash" href={dashboardHref(`orders/${encodeURIComponent(entry.order.id)}`)}>{entry.order.id}</a> <StatusBadge status={entry.order.status} /></>
                        : <span class="hash">{entry.data.object.id ?? '—'}</span>}
                    </td>
                  </tr>
                ))}
                {list.data.length === 0 && <EmptyRow columns={3} text="No event." />}
              </tbody>
            </table>
          </div>
          <NextPageButton list={list} onNext={setCursor} label="Older events" />
        </>
      )}
    </Section>
  );
}
