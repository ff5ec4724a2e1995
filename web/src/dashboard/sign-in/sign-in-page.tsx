import { useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { ErrorNote, Layout } from '../../components/layout';
import { signIn, type Session } from '../session';

/// The sign-in form: email and password; the server's refusal (wrong password, too many
/// attempts) is shown as it says it, and a notice when a session has just ended.
export function SignInPage({ onSignedIn, notice = null }: { onSignedIn: (session: Session) => void; notice?: string | null }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const outcome = await signIn(email, password);
    setBusy(false);
    if (outcome.ok) onSignedIn(outcome.value);
    else setError(outcome.error);
  }

  return (
    <Layout title="Sign in to the dashboard">
      {notice && <p class="panel" role="status">{notice}</p>}
      <form class="panel narrow" onSubmit={submit}>
        <label for="email">Email</label>
        <input id="email" type="email" autoComplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        <label for="password">Password</label>
        <input id="password" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        {error && <ErrorNote error={error} title="Not signed in" />}
        <div class="actions"><button type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button></div>
      </form>
      <p class="small">Operators are invited by an admin. After <code>npm start</code>, the demo admin's email and password are in the terminal and in <code>data/admin-operator.txt</code>.</p>
    </Layout>
  );
}
