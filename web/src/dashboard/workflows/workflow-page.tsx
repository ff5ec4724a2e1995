import { useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { ErrorNote, Loading } from '../../components/layout';
import { dateTime } from '../../format';
import { Shell } from '../shell';
import type { PageProps } from '../routes';
import { Section } from '../components/section';
import { StatusBadge } from '../components/status-badge';
import { useResource, type List } from '../components/use-resource';
import { call, can } from '../session';
import { describeStep, describeTrigger } from './describe';
import { DryRunPanel } from './dry-run-panel';
import { WorkflowEditor } from './workflow-editor';
import type { Workflow, WorkflowVersion } from './types';

/// One workflow: its current trigger and steps, its versions, the dry run, and for roles that
/// write workflows, Enable/Disable and the editor (saving a new version).
export function WorkflowPage({ session, params }: PageProps) {
  const path = `/v1/workflows/${encodeURIComponent(params.id)}`;
  const workflow = useResource<Workflow>(session, path);
  const versions = useResource<List<WorkflowVersion>>(session, `${path}/versions?limit=100`);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mayWrite = can(session, 'workflows:write');
  const value = workflow.value;

  async function setStatus(status: 'active' | 'disabled') {
    setBusy(true);
    setError(null);
    const outcome = await call<Workflow>(session, 'PATCH', path, { status });
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    workflow.set(outcome.value);
    setNotice(`The workflow is ${outcome.value.status}.`);
  }

  function saved(next: Workflow) {
    workflow.set(next);
    versions.reload();
    setNotice(`Saved as version ${next.version}.`);
  }

  return (
    <Shell session={session} title={value ? value.name : 'Workflow'}>
      {workflow.error && <ErrorNote error={workflow.error} title="The workflow could not be loaded" />}
      {!workflow.error && !value && <Loading what="the workflow" />}
      {value && (
        <>
          <dl class="facts panel">
            <dt>Status</dt><dd><StatusBadge status={value.status} /></dd>
            <dt>Trigger</dt><dd>{describeTrigger(value.trigger)}</dd>
            <dt>Steps</dt><dd>{value.steps.map(describeStep).join(' → ') || '—'}</dd>
            <dt>Version</dt><dd data-testid="workflow-version">{value.version}</dd>
            <dt>Template</dt><dd>{value.template ?? '—'}</dd>
          </dl>
          {mayWrite && value.status !== 'deleted' && (
            <div class="actions">
              {value.status === 'active'
                ? <button type="button" class="secondary" disabled={busy} onClick={() => setStatus('disabled')}>Disable workflow</button>
                : <button type="button" disabled={busy} onClick={() => setStatus('active')}>Enable workflow</button>}
            </div>
          )}
          <p role="status" aria-live="polite" class={notice ? 'success' : undefined}>{notice}</p>
          {error && <ErrorNote error={error} title="Not changed" />}
          {mayWrite && value.status !== 'deleted' && <WorkflowEditor key={value.version} session={session} workflow={value} onSaved={saved} />}
          <DryRunPanel session={session} workflowId={value.id} />
        </>
      )}
      <Section id="version-list" title="Versions" value={versions.value} error={versions.error}>
        {(list) => (
          <div class="table-scroll">
            <table>
              <thead><tr><th scope="col">Version</th><th scope="col">Trigger</th><th scope="col">Steps</th><th scope="col">Created</th></tr></thead>
              <tbody>
                {list.data.map((version) => (
                  <tr key={version.id}>
                    <td>{version.version}</td>
                    <td>{describeTrigger(version.trigger)}</td>
                    <td>{version.steps.map(describeStep).join(' → ')}</td>
                    <td>{dateTime(version.created_at, null)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </Shell>
  );
}
