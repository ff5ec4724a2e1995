// Archives a catalog object (PATCH with active false): it stays for what already uses it, and
// is offered to nothing new. Shown only to roles holding catalog:write.
import { useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { ErrorNote } from '../../components/layout';
import { call, can, type Session } from '../session';

export function ArchiveButton({ session, path, label, active, onArchived }: {
  session: Session; path: string; label: string; active: boolean; onArchived: () => void;
}) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  if (!active) return <span class="small">Archived</span>;
  if (!can(session, 'catalog:write')) return <span class="small">Active</span>;
  async function archive() {
    setBusy(true);
    const outcome = await call<unknown>(session, 'PATCH', path, { active: false });
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    return onArchived();
  }
  return (
    <>
      <button type="button" class="secondary" disabled={busy} aria-label={`Archive ${label}`} onClick={archive}>Archive</button>
      {error && <ErrorNote error={error} title={`${label} could not be archived`} />}
    </>
  );
}
