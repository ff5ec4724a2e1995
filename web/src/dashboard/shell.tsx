import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ApiError } from '../api';
import { ErrorNote } from '../components/layout';
import { can, signOut, type Session } from './session';
import { ROUTES, dashboardHref } from './routes';

/// Every signed-in page: a skip link, the header with the navigation the role may use, who is
/// signed in with the sign-out buttons, and one <main> with the page's title.
export function Shell({ session, title, children }: { session: Session; title: string; children: ComponentChildren }) {
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    document.title = `${title} · Ratecard dashboard`;
  }, [title]);
  const here = window.location.pathname;

  async function leave(everywhere: boolean) {
    const outcome = await signOut(session, everywhere);
    if (outcome.ok) window.location.assign('/dashboard');
    else setError(outcome.error);
  }

  return (
    <>
      <a class="skip" href="#content">Skip to content</a>
      <header class="top dash-top">
        <a class="brand" href="/dashboard">Ratecard dashboard</a>
        <nav aria-label="Dashboard">
          <ul class="dash-nav">
            {ROUTES.filter((route) => route.nav && can(session, route.permission)).map((route) => {
              const href = dashboardHref(route.path);
              const current = here === href || here.startsWith(`${href}/`);
              return <li key={route.path}><a href={href} aria-current={current ? 'page' : undefined}>{route.nav}</a></li>;
            })}
          </ul>
        </nav>
        <div class="dash-who">
          <span class="small" data-testid="operator">{session.operator.email} ({session.operator.role})</span>
          <button type="button" class="secondary" onClick={() => leave(false)}>Sign out</button>
          <button type="button" class="secondary" onClick={() => leave(true)}>Sign out everywhere</button>
        </div>
      </header>
      <main id="content" tabIndex={-1} class="dash-main">
        <h1>{title}</h1>
        {error && <ErrorNote error={error} title="Signing out failed" />}
        {children}
      </main>
    </>
  );
}
