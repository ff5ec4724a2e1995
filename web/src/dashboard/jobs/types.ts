// Background jobs as GET /v1/jobs answers them (docs/server.md, "Jobs").

export interface Job {
  id: string;
  type: string;
  status: string;
  recurring: boolean;
  attempts: number;
  max_attempts: number;
  run_at: string;
  last_error: string | null;
  finished_at: string | null;
}

/// The states a job can be in, as the server lists them.
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'dead'];
