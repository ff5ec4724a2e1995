import { Fragment } from 'preact';
import { dateTime, money } from '../../format';
import { ErrorNote, Loading } from '../../components/layout';
import { StatusBadge } from '../components/status-badge';
import type { Session } from '../session';
import { useLiveRun } from './use-live-run';
import { isLive } from './types';

/// A billing run's progress, read every second while it runs: status, subscription billings
/// and invoices so far, the invoices' totals per currency (the core's sums) and its failures;
/// `onEnded` is called once the run has finished.
export function RunProgress({ session, id, onEnded }: { session: Session; id: string; onEnded?: () => void }) {
  const { run, error } = useLiveRun(session, id, onEnded);
  if (error) return <ErrorNote error={error} title="The billing run could not be read" />;
  if (!run) return <Loading what="the billing run" />;
  const currencies = Object.keys(run.totals).sort();
  return (
    <div aria-live="polite" data-testid="run-progress">
      <dl class="facts panel">
        <dt>Run</dt><dd class="hash">{run.id}</dd>
        <dt>Status</dt><dd><StatusBadge status={run.status} />{isLive(run) && <span class="small"> (updated every second)</span>}</dd>
        <dt>Bills up to</dt><dd>{dateTime(run.until, 'UTC')} UTC</dd>
        <dt>Subscription billings</dt><dd data-testid="run-subscriptions">{run.subscriptions}</dd>
        <dt>Invoices</dt><dd data-testid="run-invoices">{run.invoices}</dd>
        {currencies.map((currency) => <Fragment key={currency}><dt>Total {currency.toUpperCase()}</dt><dd>{money(run.totals[currency], currency)}</dd></Fragment>)}
        <dt>Finished</dt><dd>{run.finished_at ? `${dateTime(run.finished_at, 'UTC')} UTC` : '—'}</dd>
      </dl>
      {run.failures.length > 0 && (
        <ul class="panel">
          {run.failures.map((failure) => <li key={`${failure.customer}-${failure.moment}`}><span class="hash">{failure.customer}</span> at {dateTime(failure.moment, 'UTC')}: {failure.error}</li>)}
        </ul>
      )}
    </div>
  );
}
