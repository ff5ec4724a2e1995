// Renames a catalog object (PATCH with its new name) in place: a Rename button opens a field
// with the current name. Shown only to roles holding catalog:write.
import { useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { ErrorNote } from '../../components/layout';
import { call, can, type Session } from '../session';

export function RenameForm({ session, path, name, onRenamed }: { session: Session; path: string; name: string; onRenamed: () => void }) {
  const [value, setValue] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  if (!can(session, 'catalog:write')) return <>{name}</>;
  if (value === null) {
    return <>{name} <button type="button" class="secondary" aria-label={`Rename ${name}`} onClick={() => setValue(name)}>Rename</button></>;
  }
  async function submit(event: Event) {
    event.preventDefault();
    const outcome = await call<unknown>(session, 'PATCH', path, { name: value });
    if (!outcome.ok) return setError(outcome.error);
    setValue(null);
    return onRenamed();
  }
  return (
    <form class="inline" onSubmit={submit}>
      <input type="text" required aria-label={`New name of ${name}`} value={value} onInput={(e) => setValue(e.currentTarget.value)} />
      <button type="submit">Save</button>
      <button type="button" class="secondary" onClick={() => setValue(null)}>Cancel</button>
      {error && <ErrorNote error={error} title={`${name} could not be renamed`} />}
    </form>
  );
}
