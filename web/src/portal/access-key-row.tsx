import { dateTime, date } from '../format';
import { ConfirmButton } from '../components/confirm-button';
import type { AccessKey } from './account-types';

const STATUS_TEXT: Record<AccessKey['status'], string> = {
  active: 'active', expiring: 'rotated, still working', expired: 'expired', revoked: 'revoked',
};

/// One access key, never its secret: name, prefix, scopes, dates and status; an active key can
/// be rotated, a working one revoked (confirmed first).
export function AccessKeyRow({ accessKey, zone, busy, onRotate, onRevoke }: {
  accessKey: AccessKey; zone: string; busy: boolean; onRotate: () => void; onRevoke: () => void;
}) {
  const key = accessKey;
  const working = key.status === 'active' || key.status === 'expiring';
  return (
    <li data-testid={`key-${key.prefix}`}>
      <strong>{key.name}</strong> <code class="hash">{key.prefix}…</code>
      <span class="small" data-testid="key-status"> · {STATUS_TEXT[key.status]}</span>
      <p class="small">
        Scopes: {key.scopes.includes('*') ? 'all features' : key.scopes.join(', ')} · created {date(key.created_at, zone)}
        {key.expires_at && ` · ${key.status === 'expired' ? 'stopped working' : 'works until'} ${dateTime(key.expires_at, zone)}`}
        {key.revoked_at && ` · revoked ${dateTime(key.revoked_at, zone)}`}
      </p>
      {working && (
        <div class="actions">
          {key.status === 'active' && (
            <button type="button" class="secondary" disabled={busy} aria-label={`Rotate the key ${key.name} (${key.prefix})`} onClick={onRotate}>Rotate</button>
          )}
          <ConfirmButton label="Revoke" question={`Revoke ${key.prefix}? It stops working at once.`}
            confirmLabel={`Revoke ${key.prefix}`} disabled={busy} onConfirm={onRevoke} />
        </div>
      )}
    </li>
  );
}
