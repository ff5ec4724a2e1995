import { useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { ErrorNote } from '../../components/layout';
import { call, type Session } from '../session';
import { OPERATOR_ROLES } from './types';

/// Invites an operator (email, name, role); hands the invitation's link, shown once, to `onInvited`.
export function InviteForm({ session, onInvited }: { session: Session; onInvited: (email: string, link: string) => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState('support');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = { email, role, ...(name ? { name } : {}) };
    const outcome = await call<{ email: string; invitation_url: string }>(session, 'POST', '/v1/operators', body);
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    setEmail('');
    setName('');
    onInvited(outcome.value.email, new URL(outcome.value.invitation_url, window.location.origin).href);
  }

  return (
    <form class="panel dash-section" onSubmit={submit} aria-labelledby="invite-title">
      <h2 id="invite-title">Invite an operator</h2>
      <label for="invite-email">Email</label>
      <input id="invite-email" type="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
      <label for="invite-name">Name (optional)</label>
      <input id="invite-name" type="text" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      <label for="invite-role">Role</label>
      <select id="invite-role" value={role} onChange={(e) => setRole(e.currentTarget.value)}>
        {OPERATOR_ROLES.map((option) => <option key={option} value={option}>{option}</option>)}
      </select>
      {error && <ErrorNote error={error} title="Not invited" />}
      <div class="actions"><button type="submit" disabled={busy}>{busy ? 'Inviting…' : 'Invite'}</button></div>
    </form>
  );
}
