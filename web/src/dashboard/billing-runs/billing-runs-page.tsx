import { useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { dateTime } from '../../format';
import { ErrorNote } from '../../components/layout';
import { Shell } from '../shell';
import { dashboardHref, type PageProps } from '../routes';
import { EmptyRow, Section } from '../components/section';
import { StatusBadge } from '../components/status-badge';
import { useResource, type List } from '../components/use-resource';
import { call, can } from '../session';
import { RunProgress } from './run-progress';
import { billingRunHref, type BillingRun } from './types';
import { NextPageButton } from '../components/next-page';

/// Billing runs, newest first, 50 a page; for roles that may, "Start a billing run" (everything
/// due up to now), whose progress then shows live below the button; the list is read again
/// when it has finished.
export function BillingRunsPage({ session }: PageProps) {
  const [cursor, setCursor] = useState<string | null>(null);
  const query = new URLSearchParams({ limit: '50' });
  if (cursor) query.set('cursor', cursor);
  const runs = useResource<List<BillingRun>>(session, `/v1/billing_runs?${query}`);
  const [started, setStarted] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function start() {
    setBusy(true);
    setError(null);
    const outcome = await call<BillingRun>(session, 'POST', '/v1/billing_runs', {});
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    setStarted(outcome.value.id);
    runs.reload();
  }

  return (
    <Shell session={session} title="Billing runs">
      {can(session, 'billing_runs:write') && (
        <section aria-labelledby="start-run" class="panel dash-section">
          <h2 id="start-run">Bill everything due now</h2>
          <div class="actions"><button type="button" disabled={busy} onClick={start}>Start a billing run</button></div>
          {error && <ErrorNote error={error} title="The billing run was not started" />}
          {started && <RunProgress session={session} id={started} onEnded={runs.reload} />}
        </section>
      )}
      <Section id="run-list" title="Runs" value={runs.value} error={runs.error}>
        {(list) => (
          <>
            <div class="table-scroll">
              <table>
                <caption class="small">Times in UTC</caption>
                <thead>
                  <tr><th scope="col">Run</th><th scope="col">Status</th><th scope="col">Bills up to</th><th scope="col">Invoices</th><th scope="col">Failures</th></tr>
                </thead>
                <tbody>
                  {list.data.map((run) => (
                    <tr key={run.id}>
                      <td><a class="hash" href={dashboardHref(billingRunHref(run.id))}>{run.id}</a></td>
                      <td><StatusBadge status={run.status} /></td>
                      <td>{dateTime(run.until, 'UTC')}</td>
                      <td>{run.invoices}</td>
                      <td>{run.failures.length}</td>
                    </tr>
                  ))}
                  {list.data.length === 0 && <EmptyRow columns={5} text="No billing run." />}
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
