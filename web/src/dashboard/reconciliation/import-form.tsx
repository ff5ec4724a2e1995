import { useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { ErrorNote } from '../../components/layout';
import { call, type Session } from '../session';
import { ImportResult } from './import-result';
import { IMPORT_TYPES, type ReconciliationImport } from './types';

/// Imports a settlement or bank statement CSV chosen in the page (`POST
/// /v1/reconciliation/imports`, the file's text as `csv`), then reads the import back (`GET
/// /v1/reconciliation/imports/:id`) and shows its result. All lines or none: a refused file shows
/// the server's code and the line and column at fault (`/csv/<line>/<column>`).
export function ImportForm({ session, onImported }: { session: Session; onImported: () => void }) {
  const [type, setType] = useState(IMPORT_TYPES[0]);
  const [source, setSource] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<ReconciliationImport | null>(null);

  async function importFile() {
    if (!file) return;
    setBusy(true);
    setError(null);
    setResult(null);
    const csv = await file.text().catch(() => null);
    if (csv === null) {
      setBusy(false);
      return setError({ code: 'FILE_UNREADABLE', message: 'The browser could not read the file: choose it again.', path: '/csv' });
    }
    const created = await call<ReconciliationImport>(session, 'POST', '/v1/reconciliation/imports', { type, source: source.trim(), csv });
    if (!created.ok) {
      setBusy(false);
      return setError(created.error);
    }
    const stored = await call<ReconciliationImport>(session, 'GET', `/v1/reconciliation/imports/${encodeURIComponent(created.value.id)}`);
    setBusy(false);
    if (!stored.ok) return setError(stored.error);
    setResult(stored.value);
    onImported();
  }

  return (
    <form class="panel dash-section" aria-labelledby="import-statement" onSubmit={(e) => { e.preventDefault(); importFile(); }}>
      <h2 id="import-statement">Import a settlement or statement</h2>
      <label for="import-type">File type</label>
      <select id="import-type" value={type} onChange={(e) => setType(e.currentTarget.value)}>
        {IMPORT_TYPES.map((name) => <option key={name} value={name}>{name.replace(/_/g, ' ')}</option>)}
      </select>
      <label for="import-source">Source (the gateway or bank account)</label>
      <input id="import-source" type="text" required value={source} onInput={(e) => setSource(e.currentTarget.value)} />
      <label for="import-file">CSV file</label>
      <input id="import-file" type="file" accept=".csv,text/csv" required onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
      <div class="actions"><button type="submit" disabled={busy || !file}>Import</button></div>
      {error && <ErrorNote error={error} title="File refused: nothing imported" />}
      {result && <ImportResult session={session} result={result} />}
    </form>
  );
}
