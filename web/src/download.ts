// Documents behind a bearer credential (an invoice's PDF): fetched with the credential, then
// saved through a temporary object URL, as a plain link cannot send the Authorization header.
import type { ApiError } from './api';

/// Downloads `path` with `token` as `filename`; resolves to null, or the server's coded error.
export async function downloadDocument(path: string, token: string, filename: string): Promise<ApiError | null> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  } catch (error) {
    return { code: 'NETWORK', message: `the server could not be reached (${String(error)})`, path: '' };
  }
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    return body?.error ?? { code: `HTTP_${response.status}`, message: `the server answered ${response.status}`, path: '' };
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return null;
}
