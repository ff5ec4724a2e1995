import { useState } from 'preact/hooks';
import { api, type ApiError } from '../api';

/// One panel's changes through the API: one at a time (busy), the server's coded error or a
/// notice of what was done (for an aria-live region), never both.
export function useAction(token: string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  /// Sends the call; on success `done` turns the answer into the notice. Resolves to the
  /// answer, or null when the server refused (its error is then shown).
  async function run<T>(method: string, path: string, body: unknown, done: (value: T) => string): Promise<T | null> {
    setBusy(true);
    setError(null);
    setNotice(null);
    const outcome = await api<T>(method, path, { token, body });
    setBusy(false);
    if (!outcome.ok) {
      setError(outcome.error);
      return null;
    }
    setNotice(done(outcome.value));
    return outcome.value;
  }

  return { busy, error, notice, run, say: setNotice };
}
