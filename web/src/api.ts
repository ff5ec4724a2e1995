// The Ratecard API from the browser: same origin, bearer credentials (a publishable key or a
// portal token) or the dashboard's session cookie with its CSRF token, JSON in and out. Errors are values, never exceptions: every call resolves to
// { ok: true, value } or { ok: false, error } with the server's code, message and JSON path.

export interface ApiError {
  code: string;
  message: string;
  path: string;
  request_id?: string;
}

export type ApiResult<T> =
  | { ok: true; status: number; value: T; headers: Headers }
  | { ok: false; status: number; error: ApiError; body: unknown };

export async function api<T>(method: string, path: string, options: { token?: string; csrf?: string; body?: unknown } = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.csrf) headers['x-csrf-token'] = options.csrf;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  } catch (error) {
    return { ok: false, status: 0, error: { code: 'NETWORK', message: `the server could not be reached (${String(error)})`, path: '' }, body: null };
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  if (response.ok) return { ok: true, status: response.status, value: body as T, headers: response.headers };
  const error = (body as { error?: ApiError } | null)?.error
    ?? { code: 'HTTP_' + response.status, message: `the server answered ${response.status}`, path: '' };
  return { ok: false, status: response.status, error, body };
}
