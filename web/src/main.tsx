import { render } from 'preact';
import { StartPage } from './pages/start';
import { CheckoutPage } from './pages/checkout';
import { PortalPage } from './pages/portal';
import { WhatIfPage } from './dashboard/what-if';
import './styles.css';

// One bundle, four pages, chosen by the path the server answered with this document.
function page() {
  const path = window.location.pathname;
  const checkout = /^\/checkout\/([^/]+)\/?$/.exec(path);
  if (checkout) return <CheckoutPage planCode={decodeURIComponent(checkout[1])} />;
  if (/^\/portal\/?$/.test(path)) return <PortalPage />;
  if (/^\/dashboard\/what-if\/?$/.test(path)) {
    // Until the dashboard's sign-in lands, an API key may come in the fragment (#key=rc_...).
    const key = new URLSearchParams(window.location.hash.slice(1)).get('key') ?? undefined;
    return <WhatIfPage priceId={new URLSearchParams(window.location.search).get('price') ?? ''} token={key} />;
  }
  return <StartPage />;
}

render(page(), document.getElementById('app')!);
