// The provisioning objects the portal reads and changes (server/src/provisioning: accounts.js,
// seats.js, access-keys.js), with a portal session's scope own_account.

export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Account {
  id: string;
  customer: string;
  status: 'pending' | 'active' | 'suspended' | 'deprovisioned';
}

export interface AccountUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  status: 'active' | 'removed';
  seat: boolean;
}

/// Seats as the core counts them: limit null is unlimited.
export interface Seats {
  /// The subscription whose quantity is the limit.
  subscription: string | null;
  limit: string | null;
  used: string | null;
  available: string | null;
}

/// The answer to a seat assignment: billed is the subscription after a billed quantity change.
export interface SeatAssignment {
  user: AccountUser;
  billed: { quantity: string } | null;
}

export interface AccessKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  status: 'active' | 'expiring' | 'expired' | 'revoked';
  rotated_from: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  created_at: string;
  /// Only in the answer that creates the key (create, rotate).
  secret?: string | null;
}

/// A feature of the customer's entitlements (GET /v1/customers/:id/entitlements).
export interface Feature {
  feature: string;
  kind: string | null;
  has_access: boolean;
  limit: string | null;
  usage: string | null;
}

/// The seat feature's key (server/src/entitlements/terms.js): its limit follows the quantity.
export const SEAT_FEATURE = 'seats';
