import { useState } from 'preact/hooks';
import { money } from '../../format';
import { Shell } from '../shell';
import { dashboardHref, type PageProps } from '../routes';
import { Section, EmptyRow } from '../components/section';
import { StatusBadge } from '../components/status-badge';
import { useResource, type List } from '../components/use-resource';
import { can } from '../session';
import { RecordForm } from './record-form';
import { MatchActions } from './match-actions';
import { ImportForm } from './import-form';
import { RECONCILIATION_ORIGINS, RECONCILIATION_STATUSES, type ReceivedPayment } from './types';
import { NextPageButton } from '../components/next-page';

/// The reconciliation report: money received (by the API, settlements, bank statements), newest
/// first, 50 a page, by status and origin, with what each paid; the same rows as a CSV download.
/// Roles with reconciliation:write also record money received, match and unmatch by hand, and
/// import settlement or bank statement files.
export function ReconciliationPage({ session }: PageProps) {
  const writes = can(session, 'reconciliation:write');
  const [notice, setNotice] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [origin, setOrigin] = useState('');
  const [cursor, setCursor] = useState<string | null>(null);
  const filters = new URLSearchParams();
  if (status) filters.set('status', status);
  if (origin) filters.set('origin', origin);
  const query = new URLSearchParams(filters);
  query.set('limit', '50');
  if (cursor) query.set('cursor', cursor);
  const report = useResource<List<ReceivedPayment>>(session, `/v1/reconciliation?${query}`);
  const csv = new URLSearchParams(filters);
  csv.set('format', 'csv');
  const changed = (payment: ReceivedPayment, done: string) => {
    setNotice(`${payment.reference ?? payment.id} is ${done}: ${payment.status.replace(/_/g, ' ')}, ${money(payment.amount_unapplied, payment.currency)} unapplied.`);
    report.reload();
  };

  return (
    <Shell session={session} title="Reconciliation">
      <div class="inline">
        <label for="status">Status</label>
        <select id="status" value={status} onChange={(e) => { setCursor(null); setStatus(e.currentTarget.value); }}>
          <option value="">Any</option>
          {RECONCILIATION_STATUSES.map((name) => <option key={name} value={name}>{name.replace(/_/g, ' ')}</option>)}
        </select>
        <label for="origin">Origin</label>
        <select id="origin" value={origin} onChange={(e) => { setCursor(null); setOrigin(e.currentTarget.value); }}>
          <option value="">Any</option>
          {RECONCILIATION_ORIGINS.map((name) => <option key={name} value={name}>{name.replace(/_/g, ' ')}</option>)}
        </select>
        <a class="button-link" href={`/v1/reconciliation?${csv}`}>Download CSV</a>
      </div>
      <p role="status" aria-live="polite" class={notice ? 'success' : undefined}>{notice}</p>
      <Section id="received-list" title="Received payments" value={report.value} error={report.error}>
        {(list) => (
          <>
            <div class="table-scroll">
              <table>
                <thead><tr><th scope="col">Received</th><th scope="col">Origin</th><th scope="col">Reference</th><th scope="col">Status</th><th scope="col" class="amount">Amount</th><th scope="col" class="amount">Unapplied</th><th scope="col">Pays</th>{writes && <th scope="col">Match</th>}</tr></thead>
                <tbody>
                  {list.data.map((row) => (
                    <tr key={row.id}>
                      <td>{row.received_on}</td>
                      <td>{row.origin.replace(/_/g, ' ')}{row.source && <span class="small"> ({row.source})</span>}</td>
                      <td class="hash">{row.reference ?? '—'}</td>
                      <td><StatusBadge status={row.status} /></td>
                      <td class="amount">{money(row.amount, row.currency)}</td>
                      <td class="amount">{money(row.amount_unapplied, row.currency)}</td>
                      <td>
                        {row.applications.length === 0 && '—'}
                        {row.applications.map((application) => (
                          <span key={application.invoice} class="small"><a href={dashboardHref(`invoices/${encodeURIComponent(application.invoice)}`)}>{application.number ?? application.invoice}</a> {money(application.amount, row.currency)} </span>
                        ))}
                      </td>
                      {writes && <td><MatchActions session={session} payment={row} onChanged={changed} /></td>}
                    </tr>
                  ))}
                  {list.data.length === 0 && <EmptyRow columns={writes ? 8 : 7} text="Nothing received." />}
                </tbody>
              </table>
            </div>
            <NextPageButton list={list} onNext={setCursor} />
          </>
        )}
      </Section>
      {writes && <RecordForm session={session} onRecorded={(payment) => changed(payment, 'recorded')} />}
      {writes && <ImportForm session={session} onImported={report.reload} />}
    </Shell>
  );
}
