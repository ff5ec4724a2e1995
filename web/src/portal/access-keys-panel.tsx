import { useEffect, useState } from 'preact/hooks';
import { api, type ApiError } from '../api';
import { dateTime } from '../format';
import { ErrorNote, Loading } from '../components/layout';
import type { AccessKey } from './account-types';
import { AccessKeyRow } from './access-key-row';
import { NewKeyForm } from './new-key-form';
import { SecretOnce } from './secret-once';
import { useAction } from './use-action';

/// How long a rotated key keeps working beside its successor (the server's overlap_seconds).
const OVERLAPS: [number, string][] = [[3600, 'one hour'], [86400, 'one day'], [7 * 86400, 'seven days'], [0, 'no time: it stops now']];

interface Revealed {
  key: AccessKey;
  /// After a rotation: the key it replaced, as the server then lists it (with its expires_at).
  replaced: AccessKey | null;
}

/// The customer's access keys for the product: listed without secrets; a new or rotated key's
/// secret is shown once, here, and never again (the server keeps a hash).
export function AccessKeysPanel({ customerId, token, zone, features }: { customerId: string; token: string; zone: string; features: string[] }) {
  const [keys, setKeys] = useState<AccessKey[] | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [overlap, setOverlap] = useState(86400);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const { busy, error, notice, run } = useAction(token);
  const base = `/v1/customers/${customerId}/access_keys`;

  async function load(): Promise<AccessKey[]> {
    const list = await api<{ data: AccessKey[] }>('GET', base, { token });
    if (!list.ok) {
      setLoadError(list.error);
      return [];
    }
    setKeys(list.value.data);
    return list.value.data;
  }

  useEffect(() => {
    load();
  }, [customerId]);

  async function create(body: { name: string; scopes: string[] }) {
    const key = await run<AccessKey>('POST', base, body, (created) => `The key ${created.prefix} was created.`);
    if (!key) return false;
    await load();
    setRevealed({ key, replaced: null });
    return true;
  }

  async function rotate(old: AccessKey) {
    const key = await run<AccessKey>('POST', `${base}/${old.id}/rotate`, { overlap_seconds: overlap },
      (created) => `The key ${old.prefix} was rotated; its successor is ${created.prefix}.`);
    if (!key) return;
    const listed = await load();
    setRevealed({ key, replaced: listed.find((candidate) => candidate.id === old.id) ?? null });
  }

  async function revoke(key: AccessKey) {
    if (await run<AccessKey>('POST', `${base}/${key.id}/revoke`, undefined, (revoked) => `The key ${revoked.prefix} was revoked: it no longer works.`)) {
      await load();
    }
  }

  return (
    <section class="panel" aria-labelledby="keys-title">
      <h2 id="keys-title">Access keys</h2>
      <p class="small">Keys let your services call the product. Each key's secret is shown once, when it is created or rotated.</p>
      {revealed && revealed.key.secret && (
        <SecretOnce secret={revealed.key.secret} name={revealed.key.name} onDone={() => setRevealed(null)}>
          {revealed.replaced && (
            <p data-testid="overlap-note">
              The previous key {revealed.replaced.prefix} keeps working until {dateTime(revealed.replaced.expires_at, zone)}: move your services to the new one before then.
            </p>
          )}
        </SecretOnce>
      )}
      <div aria-live="polite">
        {notice && <p class="success" data-testid="keys-notice">{notice}</p>}
      </div>
      {error && <ErrorNote error={error} title="That did not work" />}
      {loadError && <ErrorNote error={loadError} title="Your keys could not be read" />}
      {!keys && !loadError && <Loading what="your keys" />}
      {keys && keys.length === 0 && <p>You have no access keys yet.</p>}
      {keys && keys.length > 0 && (
        <ul class="rows" aria-label="Access keys">
          {keys.map((key) => (
            <AccessKeyRow key={key.id} accessKey={key} zone={zone} busy={busy} onRotate={() => rotate(key)} onRevoke={() => revoke(key)} />
          ))}
        </ul>
      )}
      <label for="rotate-overlap">When a key is rotated, the old one keeps working for</label>
      <select id="rotate-overlap" value={String(overlap)} onChange={(event) => setOverlap(Number((event.target as HTMLSelectElement).value))}>
        {OVERLAPS.map(([seconds, label]) => <option key={seconds} value={String(seconds)}>{label}</option>)}
      </select>
      <NewKeyForm features={features} busy={busy} onCreate={create} />
    </section>
  );
}
