// Webhook endpoints and their deliveries as /v1/webhook_endpoints and /v1/webhook_deliveries
// answer them (docs/server.md, "Webhooks").

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  event_types: string[];
  status: string;
  disabled_reason: string | null;
  failing_since: string | null;
  created_at: string;
}

export interface WebhookDelivery {
  id: string;
  endpoint: string;
  event: string;
  event_type: string;
  replay_of: string | null;
  status: string;
  attempts: number;
  max_attempts: number;
  next_attempt_at: string | null;
  last_response_status: number | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
}

/// The states a delivery can be in, as the server lists them.
export const DELIVERY_STATUSES = ['pending', 'scheduled', 'succeeded', 'failed'];

/// The link to an endpoint's page.
export const endpointHref = (id: string) => `webhooks/${encodeURIComponent(id)}`;
