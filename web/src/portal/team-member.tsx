import { useState } from 'preact/hooks';
import { ConfirmButton } from '../components/confirm-button';
import { ROLES, type AccountUser, type Role } from './account-types';

/// One user of the account: their role (changed with its own button), their seat (assign or
/// free it, when the plan counts seats) and removal, confirmed first. A refused role change
/// puts the choice back to the role the user keeps.
export function TeamMember({ user, seatsApply, busy, onRole, onSeat, onRemove }: {
  user: AccountUser; seatsApply: boolean; busy: boolean;
  onRole: (role: Role) => Promise<boolean>; onSeat: (assign: boolean) => void; onRemove: () => void;
}) {
  const [role, setRole] = useState<Role>(user.role);
  const roleId = `role-${user.id}`;
  const who = user.name ? `${user.name} (${user.email})` : user.email;
  return (
    <li data-testid={`user-${user.email}`}>
      <strong>{who}</strong>
      <span class="small"> · {user.role}{seatsApply ? (user.seat ? ' · holds a seat' : ' · no seat') : ''}</span>
      <label class="small" for={roleId}>Role of {user.email}</label>
      <div class="inline">
        <select id={roleId} value={role} onChange={(event) => setRole((event.target as HTMLSelectElement).value as Role)}>
          {ROLES.map((option) => <option key={option} value={option}>{option}</option>)}
        </select>
        <button type="button" class="secondary" disabled={busy || role === user.role} aria-label={`Change role of ${user.email}`}
          onClick={async () => { if (!await onRole(role)) setRole(user.role); }}>Change role</button>
      </div>
      <div class="actions">
        {seatsApply && (
          <button type="button" class="secondary" disabled={busy} onClick={() => onSeat(!user.seat)}
            aria-label={user.seat ? `Free seat of ${user.email}` : `Assign seat to ${user.email}`}>
            {user.seat ? 'Free seat' : 'Assign seat'}
          </button>
        )}
        <ConfirmButton label="Remove" question={`Remove ${user.email}?`} confirmLabel={`Remove ${user.email}`} disabled={busy} onConfirm={onRemove} />
      </div>
    </li>
  );
}
