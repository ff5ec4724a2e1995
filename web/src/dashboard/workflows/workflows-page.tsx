import { Shell } from '../shell';
import { dashboardHref, type PageProps } from '../routes';
import { Section, EmptyRow } from '../components/section';
import { StatusBadge } from '../components/status-badge';
import { useResource, type List } from '../components/use-resource';
import { describeStep, describeTrigger } from './describe';
import type { Workflow } from './types';

/// The workflows (not deleted), newest first: trigger, steps, current version and status.
export function WorkflowsPage({ session }: PageProps) {
  const workflows = useResource<List<Workflow>>(session, '/v1/workflows?limit=100');
  return (
    <Shell session={session} title="Workflows">
      <Section id="workflow-list" title="All workflows" value={workflows.value} error={workflows.error}>
        {(list) => (
          <div class="table-scroll">
            <table>
              <thead><tr><th scope="col">Name</th><th scope="col">Trigger</th><th scope="col">Steps</th><th scope="col">Version</th><th scope="col">Status</th></tr></thead>
              <tbody>
                {list.data.map((workflow) => (
                  <tr key={workflow.id}>
                    <td><a href={dashboardHref(`workflows/${encodeURIComponent(workflow.id)}`)}>{workflow.name}</a></td>
                    <td>{describeTrigger(workflow.trigger)}</td>
                    <td>{workflow.steps.map(describeStep).join(' → ')}</td>
                    <td>{workflow.version}</td>
                    <td><StatusBadge status={workflow.status} /></td>
                  </tr>
                ))}
                {list.data.length === 0 && <EmptyRow columns={5} text="No workflow." />}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </Shell>
  );
}
