import { useEffect, useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { call, type Session } from '../session';

/// One GET of the API with the session: its value or the server's coded error, read again when
/// the path changes or on reload(); a null path reads nothing (a section the role may not see).
export function useResource<T>(session: Session, path: string | null) {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!path) return;
    let current = true;
    setError(null);
    call<T>(session, 'GET', path).then((outcome) => {
      if (!current) return;
      if (outcome.ok) setValue(outcome.value);
      else setError(outcome.error);
    });
    return () => {
      current = false;
    };
  }, [path, generation]);
  return { value, error, reload: () => setGeneration((n) => n + 1), set: setValue };
}

/// The envelope of every list endpoint.
export interface List<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}
