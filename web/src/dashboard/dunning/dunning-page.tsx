import { useState } from 'preact/hooks';
import { dateTime } from '../../format';
import { Shell } from '../shell';
import { dashboardHref, type PageProps } from '../routes';
import { Section, EmptyRow } from '../components/section';
import { StatusBadge } from '../components/status-badge';
import { useResource, type List } from '../components/use-resource';
import { NextPageButton } from '../components/next-page';

/// A dunning case as the API presents it (the fields the queue reads).
interface DunningCase {
  id: string;
  invoice: string;
  customer: string;
  status: string;
  attempt_count: number;
  last_failure_code: string | null;
  last_decline_code: string | null;
  next_attempt_at: string | null;
  final_action: string;
  final_action_at: string | null;
}

const CASE_STATUSES = ['open', 'recovered', 'exhausted', 'closed'];

/// The dunning queue: invoices whose automatic charge failed, newest first, 50 a page; open
/// ones by default, each with its failed attempts, why, the next attempt and the final action.
export function DunningPage({ session }: PageProps) {
  const [status, setStatus] = useState('open');
  const [cursor, setCursor] = useState<string | null>(null);
  const query = new URLSearchParams({ status, limit: '50' });
  if (cursor) query.set('cursor', cursor);
  const cases = useResource<List<DunningCase>>(session, `/v1/dunning_cases?${query}`);

  return (
    <Shell session={session} title="Dunning">
      <div class="inline">
        <label for="case-status">Cases</label>
        <select id="case-status" value={status} onChange={(e) => { setCursor(null); setStatus(e.currentTarget.value); }}>
          {CASE_STATUSES.map((name) => <option key={name} value={name}>{name}</option>)}
        </select>
      </div>
      <Section id="case-list" title={`Cases ${status}`} value={cases.value} error={cases.error}>
        {(list) => (
          <>
            <div class="table-scroll">
              <table>
                <caption class="small">Instants in UTC</caption>
                <thead><tr><th scope="col">Invoice</th><th scope="col">Customer</th><th scope="col">Status</th><th scope="col" class="amount">Failed attempts</th><th scope="col">Last failure</th><th scope="col">Next attempt</th><th scope="col">Final action</th></tr></thead>
                <tbody>
                  {list.data.map((row) => (
                    <tr key={row.id}>
                      <td class="hash"><a href={dashboardHref(`invoices/${encodeURIComponent(row.invoice)}`)}>{row.invoice}</a></td>
                      <td class="hash"><a href={dashboardHref(`customers/${encodeURIComponent(row.customer)}`)}>{row.customer}</a></td>
                      <td><StatusBadge status={row.status} /></td>
                      <td class="amount">{row.attempt_count}</td>
                      <td>{row.last_decline_code ?? row.last_failure_code ?? '—'}</td>
                      <td>{dateTime(row.next_attempt_at, null)}</td>
                      <td>{row.final_action.replace(/_/g, ' ')}{row.final_action_at && ` at ${dateTime(row.final_action_at, null)}`}</td>
                    </tr>
                  ))}
                  {list.data.length === 0 && <EmptyRow columns={7} text={`No ${status} case.`} />}
                </tbody>
              </table>
            </div>
            <NextPageButton list={list} onNext={setCursor} />
          </>
        )}
      </Section>
    </Shell>
  );
}
