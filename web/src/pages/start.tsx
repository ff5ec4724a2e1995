import { useEffect, useState } from 'preact/hooks';
import { api, type ApiError } from '../api';
import { ErrorNote, Layout, Loading } from '../components/layout';

interface DemoLinks {
  plans: { code: string; name: string; checkout_url: string }[];
  portal: boolean;
}

/// The start page: the checkout of each demo plan and a portal session for a demo customer.
export function StartPage() {
  const [links, setLinks] = useState<DemoLinks | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [opening, setOpening] = useState(false);

  useEffect(() => {
    api<DemoLinks>('GET', '/demo/links').then((outcome) => {
      if (outcome.ok) setLinks(outcome.value);
      else setError(outcome.error);
    });
  }, []);

  async function openPortal() {
    setOpening(true);
    const outcome = await api<{ url: string }>('POST', '/demo/portal_sessions', { body: {} });
    if (outcome.ok) window.location.assign(outcome.value.url);
    else {
      setError(outcome.error);
      setOpening(false);
    }
  }

  return (
    <Layout title="Ratecard demo">
      <p>
        Prices on these pages are computed in your browser by Ratecard's pricing core (WebAssembly), the same
        code that bills on the server.
      </p>
      {error && <ErrorNote error={error} title="The demo is not available" />}
      {!links && !error && <Loading what="the demo plans" />}
      {links && (
        <>
          <section aria-labelledby="checkouts">
            <h2 id="checkouts">Hosted checkout</h2>
            <ul class="cards">
              {links.plans.map((plan) => (
                <li key={plan.code}>
                  <a href={plan.checkout_url}>Subscribe to {plan.name}</a>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="portal">
            <h2 id="portal">Customer portal</h2>
            <p>Opens a 15-minute portal session for a demo customer on the Team plan.</p>
            <button type="button" onClick={openPortal} disabled={opening || !links.portal}>
              {opening ? 'Opening…' : 'Open the portal of a demo customer'}
            </button>
          </section>
          <section aria-labelledby="api">
            <h2 id="api">API</h2>
            <p><a href="/docs">API reference</a> · <a href="/dashboard">Admin dashboard</a> (sign in with the demo admin that <code>npm start</code> printed)</p>
          </section>
        </>
      )}
    </Layout>
  );
}
