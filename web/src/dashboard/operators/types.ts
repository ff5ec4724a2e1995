/// An operator account as the API presents it.
export interface OperatorRow {
  id: string;
  email: string;
  name: string | null;
  role: string;
  status: 'invited' | 'active' | 'disabled';
  created_at: string;
  invitation_expires_at: string | null;
}

/// The roles an operator may be given (those of secret API keys).
export const OPERATOR_ROLES = ['admin', 'billing', 'support', 'provisioning'];
