import { useState } from 'preact/hooks';
import { api, type ApiError } from '../../api';
import { ErrorNote, Layout } from '../../components/layout';

/// The page of an invitation link (/dashboard/accept#token=rcoi_...): the invited operator
/// chooses a password, then signs in. The token stays in the fragment, never sent in a URL.
export function AcceptPage() {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [email, setEmail] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    if (password !== repeat) {
      setError({ code: 'INVALID_ARGUMENT', message: 'the two passwords differ', path: '/password' });
      return;
    }
    setBusy(true);
    setError(null);
    const outcome = await api<{ email: string }>('POST', '/auth/invitations/accept', { body: { token, password } });
    setBusy(false);
    if (outcome.ok) setEmail(outcome.value.email);
    else setError(outcome.error);
  }

  if (email) {
    return (
      <Layout title="Invitation accepted">
        <p class="success" role="status">Your password is set for {email}.</p>
        <p><a href="/dashboard">Sign in to the dashboard</a></p>
      </Layout>
    );
  }
  return (
    <Layout title="Accept your invitation">
      <form class="panel narrow" onSubmit={submit}>
        <label for="new-password">Choose a password</label>
        <input id="new-password" type="password" autoComplete="new-password" required minLength={12} value={password}
          aria-describedby="password-hint" onInput={(e) => setPassword(e.currentTarget.value)} />
        <p id="password-hint" class="hint">At least 12 characters.</p>
        <label for="repeat-password">The same password again</label>
        <input id="repeat-password" type="password" autoComplete="new-password" required value={repeat} onInput={(e) => setRepeat(e.currentTarget.value)} />
        {error && <ErrorNote error={error} title="The invitation was not accepted" />}
        <div class="actions"><button type="submit" disabled={busy || !token}>{busy ? 'Saving…' : 'Set my password'}</button></div>
      </form>
    </Layout>
  );
}
