import { useEffect, useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { call, type Session } from '../session';
import { isLive, type BillingRun } from './types';

/// How often a queued or running billing run is read again.
const POLL_MS = 1000;

/// A billing run read every second while it is queued or running, then left as it ended
/// (`onEnded` is called then).
export function useLiveRun(session: Session, id: string, onEnded?: () => void) {
  const [run, setRun] = useState<BillingRun | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let current = true;
    async function read() {
      const outcome = await call<BillingRun>(session, 'GET', `/v1/billing_runs/${encodeURIComponent(id)}`);
      if (!current) return;
      if (!outcome.ok) return setError(outcome.error);
      setRun(outcome.value);
      if (isLive(outcome.value)) timer = setTimeout(read, POLL_MS);
      else onEnded?.();
    }
    read();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [id]);
  return { run, error };
}
