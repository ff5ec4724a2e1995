// Provisioning orders as GET /v1/orders and /v1/orders/:id answer them (docs/server.md, "Provisioning").

export interface OrderStep {
  name: string;
  position: number;
  depends_on: string[];
  status: string;
  attempts: number;
  last_error: string | null;
  not_before: string | null;
  started_at: string | null;
  finished_at: string | null;
  compensated_at: string | null;
}

export interface Order {
  id: string;
  customer: string;
  type: string;
  status: string;
  source: string;
  blocked_reason: string | null;
  failure: string | null;
  steps: OrderStep[];
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/// The states an order can be in, as the server lists them.
export const ORDER_STATUSES = ['pending', 'blocked', 'running', 'completed', 'compensating', 'failed', 'canceled'];

/// The link to an order's page.
export const orderHref = (id: string) => `orders/${encodeURIComponent(id)}`;
