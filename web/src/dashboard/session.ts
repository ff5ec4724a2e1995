// The operator's dashboard session: signed in with email and password, kept by the server in an
// HttpOnly cookie this script never sees. The server answers the session with the operator's
// permissions and the CSRF token, which every change sends in the X-CSRF-Token header.

import { api, type ApiResult } from '../api';

export interface Operator {
  id: string;
  email: string;
  name: string | null;
  role: string;
}

export interface Session {
  operator: Operator;
  permissions: string[];
  expires_at: string;
  csrf_token: string;
}

/// Whether the session's role holds a permission ("<area>:read|write"; "*" holds them all).
export function can(session: Session, permission: string): boolean {
  return session.permissions.includes('*') || session.permissions.includes(permission);
}

export const currentSession = () => api<Session>('GET', '/auth/session');

export const signIn = (email: string, password: string) => api<Session>('POST', '/auth/session', { body: { email, password } });

export const signOut = (session: Session, everywhere: boolean) => everywhere
  ? api<unknown>('POST', '/auth/session/revoke_all', { csrf: session.csrf_token, body: {} })
  : api<unknown>('DELETE', '/auth/session', { csrf: session.csrf_token });

/// An API call with the session's cookie (sent by the browser) and its CSRF token.
export function call<T>(session: Session, method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
  return api<T>(method, path, { csrf: session.csrf_token, body });
}
