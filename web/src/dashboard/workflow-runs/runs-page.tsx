import { useState } from 'preact/hooks';
import { dateTime } from '../../format';
import { Shell } from '../shell';
import { dashboardHref, type PageProps } from '../routes';
import { EmptyRow, Section } from '../components/section';
import { StatusBadge } from '../components/status-badge';
import { useResource, type List } from '../components/use-resource';
import type { Workflow } from '../workflows/types';
import { RUN_STATUSES, runHref, type WorkflowRun } from './types';
import { NextPageButton } from '../components/next-page';

/// Workflow runs, newest first, 50 a page, narrowed by workflow and state (the API's filters).
export function WorkflowRunsPage({ session }: PageProps) {
  const [workflow, setWorkflow] = useState('');
  const [status, setStatus] = useState('');
  const [cursor, setCursor] = useState<string | null>(null);
  const workflows = useResource<List<Workflow>>(session, '/v1/workflows?limit=100');
  const query = new URLSearchParams({ limit: '50' });
  if (workflow) query.set('workflow', workflow);
  if (status) query.set('status', status);
  if (cursor) query.set('cursor', cursor);
  const runs = useResource<List<WorkflowRun>>(session, `/v1/workflow_runs?${query}`);
  const nameOf = (id: string) => workflows.value?.data.find((candidate) => candidate.id === id)?.name ?? id;

  return (
    <Shell session={session} title="Workflow runs">
      <div class="inline">
        <label for="run-workflow">Workflow</label>
        <select id="run-workflow" value={workflow} onChange={(e) => { setCursor(null); setWorkflow(e.currentTarget.value); }}>
          <option value="">Any</option>
          {(workflows.value?.data ?? []).map((candidate) => <option key={candidate.id} value={candidate.id}>{candidate.name}</option>)}
        </select>
        <label for="run-status">State</label>
        <select id="run-status" value={status} onChange={(e) => { setCursor(null); setStatus(e.currentTarget.value); }}>
          <option value="">Any</option>
          {RUN_STATUSES.map((name) => <option key={name} value={name}>{name}</option>)}
        </select>
      </div>
      <Section id="run-list" title={status ? `Runs (${status})` : 'All runs'} value={runs.value} error={runs.error}>
        {(list) => (
          <>
            <div class="table-scroll">
              <table>
                <caption class="small">Times in UTC</caption>
                <thead>
                  <tr><th scope="col">Run</th><th scope="col">Workflow</th><th scope="col">Event</th><th scope="col">Customer</th><th scope="col">State</th><th scope="col">Steps done</th><th scope="col">Started</th></tr>
                </thead>
                <tbody>
                  {list.data.map((run) => (
                    <tr key={run.id}>
                      <td><a class="hash" href={dashboardHref(runHref(run.id))}>{run.id}</a></td>
                      <td>{nameOf(run.workflow)} (v{run.version})</td>
                      <td>{run.event_type}</td>
                      <td><a class="hash" href={dashboardHref(`customers/${encodeURIComponent(run.customer)}`)}>{run.customer}</a></td>
                      <td><StatusBadge status={run.status} /></td>
                      <td>{run.steps.filter((step) => step.status === 'completed').length} of {run.steps.length}</td>
                      <td>{dateTime(run.created_at, 'UTC')}</td>
                    </tr>
                  ))}
                  {list.data.length === 0 && <EmptyRow columns={7} text="No run." />}
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
