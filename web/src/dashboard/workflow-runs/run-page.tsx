import { dateTime } from '../../format';
import { ErrorNote, Loading } from '../../components/layout';
import { Shell } from '../shell';
import { dashboardHref, type PageProps } from '../routes';
import { useResource } from '../components/use-resource';
import { StatusBadge } from '../components/status-badge';
import type { Workflow } from '../workflows/types';
import { StepOutcome } from './step-outcome';
import type { WorkflowRun } from './types';

/// One workflow run: its workflow and version, event, customer, state and why it failed, and
/// each step with its state, what it did (the order it placed links to the order's page), its
/// wait and its times.
export function WorkflowRunPage({ session, params }: PageProps) {
  const run = useResource<WorkflowRun>(session, `/v1/workflow_runs/${encodeURIComponent(params.id)}`);
  const value = run.value;
  const workflow = useResource<Workflow>(session, value ? `/v1/workflows/${encodeURIComponent(value.workflow)}` : null);

  return (
    <Shell session={session} title={value ? `Run of ${workflow.value?.name ?? value.workflow}` : 'Workflow run'}>
      {run.error && <ErrorNote error={run.error} title="The run could not be loaded" />}
      {!run.error && !value && <Loading what="the run" />}
      {value && (
        <>
          <dl class="facts panel">
            <dt>Run</dt><dd class="hash">{value.id}</dd>
            <dt>Workflow</dt><dd><a href={dashboardHref(`workflows/${encodeURIComponent(value.workflow)}`)}>{workflow.value?.name ?? value.workflow}</a>, version {value.version}</dd>
            <dt>Event</dt><dd>{value.event_type} <span class="hash small">{value.event}</span></dd>
            <dt>Customer</dt><dd><a class="hash" href={dashboardHref(`customers/${encodeURIComponent(value.customer)}`)}>{value.customer}</a></dd>
            <dt>State</dt><dd><StatusBadge status={value.status} /></dd>
            <dt>Started</dt><dd>{dateTime(value.created_at, 'UTC')} UTC</dd>
            <dt>Finished</dt><dd>{value.finished_at ? `${dateTime(value.finished_at, 'UTC')} UTC` : '—'}</dd>
            {value.failure && <><dt>Failed because</dt><dd>{value.failure}</dd></>}
          </dl>
          <div class="actions"><button type="button" class="secondary" onClick={() => run.reload()}>Refresh</button></div>
          <section aria-labelledby="run-steps" class="panel dash-section">
            <h2 id="run-steps">Steps</h2>
            <div class="table-scroll">
              <table>
                <caption class="small">Times in UTC</caption>
                <thead>
                  <tr><th scope="col">Position</th><th scope="col">Type</th><th scope="col">State</th><th scope="col">Outcome</th><th scope="col">Waits until</th><th scope="col">Finished</th></tr>
                </thead>
                <tbody>
                  {value.steps.map((step) => (
                    <tr key={step.position}>
                      <td>{step.position}</td>
                      <td>{step.type.replace(/_/g, ' ')}</td>
                      <td><StatusBadge status={step.status} /></td>
                      <td><StepOutcome step={step} /></td>
                      <td>{step.not_before ? dateTime(step.not_before, 'UTC') : '—'}</td>
                      <td>{step.finished_at ? dateTime(step.finished_at, 'UTC') : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </Shell>
  );
}
