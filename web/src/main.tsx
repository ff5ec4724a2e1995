import { render } from 'preact';
import { StartPage } from './pages/start';
import { CheckoutPage } from './pages/checkout';
import { PortalPage } from './pages/portal';
import './styles.css';

// One bundle, three pages, chosen by the path the server answered with this document.
function page() {
  const path = window.location.pathname;
  const checkout = /^\/checkout\/([^/]+)\/?$/.exec(path);
  if (checkout) return <CheckoutPage planCode={decodeURIComponent(checkout[1])} />;
  if (/^\/portal\/?$/.test(path)) return <PortalPage />;
  return <StartPage />;
}

render(page(), document.getElementById('app')!);
