// Billing runs as /v1/billing_runs answers them (docs/server.md, "Billing runs").

export interface BillingRun {
  id: string;
  status: string;
  until: string;
  invoices: number;
  subscriptions: number;
  totals: Record<string, string>;
  failures: { customer: string; moment: string; error: string }[];
  started_at: string | null;
  finished_at: string | null;
  created_at: string;
}

/// Whether a run may still change (the page polls it until it may not).
export const isLive = (run: BillingRun) => run.status === 'queued' || run.status === 'running';

/// The link to a billing run's page.
export const billingRunHref = (id: string) => `billing-runs/${encodeURIComponent(id)}`;
