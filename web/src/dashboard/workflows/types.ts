// The workflow objects of /v1/workflows (docs/server.md, "Workflows"), as the dashboard reads them.

export interface Condition {
  field: string;
  op?: string;
  value: string | string[] | number;
}

export interface Trigger {
  event: string;
  conditions?: Condition[];
}

/// A step: `type` and the fields of that type (kept whole, so a field the form does not show survives an edit).
export type Step = { type: string } & Record<string, unknown>;

export interface Workflow {
  id: string;
  name: string;
  description: string | null;
  status: string;
  template: string | null;
  version: number;
  trigger: Trigger;
  steps: Step[];
  updated_at: string;
}

export interface WorkflowVersion {
  id: string;
  version: number;
  trigger: Trigger;
  steps: Step[];
  created_at: string;
}

export interface DryRun {
  current_version: number;
  events: {
    event: string;
    event_type: string;
    customer: string;
    created_at: string;
    versions: { version: number; matched: boolean; steps: { position: number; type: string; would: Record<string, unknown> }[] }[];
  }[];
}

export const STEP_TYPES = ['provision', 'grant_entitlement', 'set_entitlement', 'send_email', 'call_webhook', 'wait', 'branch'];
export const ORDER_TYPES = ['activate', 'change', 'add_seats', 'suspend', 'restore', 'deprovision', 'refresh'];
export const CONDITION_OPS = ['eq', 'ne', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte'];
