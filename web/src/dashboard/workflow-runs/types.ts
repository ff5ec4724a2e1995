// Workflow runs as GET /v1/workflow_runs and /v1/workflow_runs/:id answer them (docs/server.md, "Workflows", Runs).

export interface RunStep {
  position: number;
  type: string;
  status: string;
  /// What the step did: { order }, { mail_message }, { webhook_delivery }, { condition_held }…
  output: Record<string, unknown> | null;
  last_error: string | null;
  not_before: string | null;
  started_at: string | null;
  finished_at: string | null;
}

export interface WorkflowRun {
  id: string;
  workflow: string;
  version: number;
  event: string;
  event_type: string;
  customer: string;
  facts: Record<string, unknown>;
  status: string;
  position: number;
  failure: string | null;
  steps: RunStep[];
  created_at: string;
  finished_at: string | null;
}

/// The states of a run, as the server lists them (the list's status filter).
export const RUN_STATUSES = ['running', 'waiting', 'completed', 'failed'];

/// The link to a run's page.
export const runHref = (id: string) => `workflow-runs/${encodeURIComponent(id)}`;
