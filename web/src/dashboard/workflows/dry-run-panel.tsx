import { useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { ErrorNote } from '../../components/layout';
import { dateTime } from '../../format';
import { call, type Session } from '../session';
import type { DryRun } from './types';

/// Runs the workflow's dry run (POST /v1/workflows/:id/dry_run: the latest events of its trigger
/// replayed through every version, nothing written) and shows, per event and version, whether
/// the trigger matches and what each step would do.
export function DryRunPanel({ session, workflowId }: { session: Session; workflowId: string }) {
  const [result, setResult] = useState<DryRun | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function run() {
    setBusy(true);
    setError(null);
    const outcome = await call<DryRun>(session, 'POST', `/v1/workflows/${encodeURIComponent(workflowId)}/dry_run`, { limit: 20 });
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    setResult(outcome.value);
  }

  return (
    <section class="panel dash-section" aria-labelledby="dry-run-title">
      <h2 id="dry-run-title">Dry run</h2>
      <p class="small">Replays the latest 20 events of the trigger's type through every version; nothing is done.</p>
      <div class="actions"><button type="button" disabled={busy} onClick={run}>{busy ? 'Running…' : 'Run the dry run'}</button></div>
      {error && <ErrorNote error={error} title="The dry run failed" />}
      {result && result.events.length === 0 && <p role="status">No past event of this trigger's type.</p>}
      {result && result.events.length > 0 && (
        <ol class="dry-run-events" aria-label="Dry run events">
          {result.events.map((event) => (
            <li key={event.event}>
              <h3>{event.event_type} · {event.customer} · {dateTime(event.created_at, null)}</h3>
              <ul>
                {event.versions.map((version) => (
                  <li key={version.version}>
                    Version {version.version}{version.version === result.current_version ? ' (current)' : ''}:{' '}
                    {version.matched ? 'matches' : 'does not match'}
                    {version.matched && (
                      <ul>
                        {version.steps.map((step) => (
                          <li key={step.position}>
                            <span class="dry-run-step">position {step.position}: {step.type.replace(/_/g, ' ')}</span>{' '}
                            <code class="dry-run-would">{JSON.stringify(step.would)}</code>
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
