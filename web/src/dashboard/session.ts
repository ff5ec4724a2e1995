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
  signed_in: true;
  operator: Operator;
  permissions: string[];
  expires_at: string;
  csrf_token: string;
}

/// Whether the session's role holds a permission ("<area>:read|write"; "*" holds them all).
export function can(session: Session, permission: string): boolean {
  return session.permissions.includes('*') || session.permissions.includes(permission);
}

/// The session of this browser, or { signed_in: false }.
export const currentSession = () => api<Session | { signed_in: false }>('GET', '/auth/session');

export const signIn = (email: string, password: string) => api<Session>('POST', '/auth/session', { body: { email, password } });

export const signOut = (session: Session, everywhere: boolean) => everywhere
  ? api<unknown>('POST', '/auth/session/revoke_all', { csrf: session.csrf_token, body: {} })
  : api<unknown>('DELETE', '/auth/session', { csrf: session.csrf_token });

let sessionEnded: (() => void) | null = null;

/// What to do when the server no longer accepts the session (it expired, was signed out
/// everywhere or the operator disabled): the app shows the sign-in page (app.tsx).
export function onSessionEnded(handler: (() => void) | null) {
  sessionEnded = handler;
}

/// An API call with the session's cookie (sent by the browser) and its CSRF token. A 401 means
/// the session is over: the handler set with onSessionEnded is told, and the call still answers
/// its error.
export async function call<T>(session: Session, method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
  const outcome = await api<T>(method, path, { csrf: session.csrf_token, body });
  if (!outcome.ok && outcome.status === 401) sessionEnded?.();
  return outcome;
}
