import { useEffect, useState } from 'preact/hooks';
import type { ApiError } from '../api';
import { ErrorNote, Layout, Loading } from '../components/layout';
import { currentSession, can, onSessionEnded, type Session } from './session';
import { ROUTES, matchRoute, dashboardHref } from './routes';
import { Shell } from './shell';
import { SignInPage } from './sign-in/sign-in-page';
import { AcceptPage } from './accept/accept-page';

/// The admin dashboard at /dashboard: the invitation page, else the sign-in page until a
/// session exists, then the page of the path inside the shell. When a call answers 401 (the
/// session expired or was revoked), the sign-in page comes back, saying why, at the same address:
/// signing in again shows the page the operator was on, loaded anew.
export function DashboardApp({ path }: { path: string }) {
  const [session, setSession] = useState<Session | null>(null);
  const [checked, setChecked] = useState(false);
  const [ended, setEnded] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    onSessionEnded(() => {
      setSession(null);
      setEnded(true);
    });
    return () => onSessionEnded(null);
  }, []);

  useEffect(() => {
    if (path === 'accept') return;
    currentSession().then((outcome) => {
      if (!outcome.ok) setError(outcome.error);
      else if (outcome.value.signed_in) setSession(outcome.value);
      setChecked(true);
    });
  }, []);

  if (path === 'accept') return <AcceptPage />;
  if (error) return <Layout title="Dashboard"><ErrorNote error={error} title="The dashboard is not available" /></Layout>;
  if (!checked) return <Layout title="Dashboard"><Loading what="your session" /></Layout>;
  if (!session) {
    const notice = ended ? 'Your session has ended (it expired or was signed out). Sign in again to go back to this page.' : null;
    return <SignInPage notice={notice} onSignedIn={(signedIn) => { setEnded(false); setSession(signedIn); }} />;
  }
  return <SignedIn session={session} path={path} />;
}

function SignedIn({ session, path }: { session: Session; path: string }) {
  const first = ROUTES.find((route) => route.nav && can(session, route.permission));
  const match = matchRoute(path || first?.path || '');
  if (!match) {
    return <Shell session={session} title="Not found"><p>No page here. <a href={dashboardHref(first?.path ?? '')}>Go to the dashboard</a>.</p></Shell>;
  }
  const { route, params } = match;
  if (!can(session, route.permission)) {
    return <Shell session={session} title="Not allowed"><p>Your role ({session.operator.role}) does not show this page.</p></Shell>;
  }
  const Page = route.page;
  return <Page session={session} params={params} />;
}
