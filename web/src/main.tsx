import { render } from 'preact';
import { StartPage } from './pages/start';
import { CheckoutPage } from './pages/checkout';
import { PortalPage } from './pages/portal';
import { DashboardApp } from './dashboard/app';
import './styles.css';

// One bundle, four apps, chosen by the path the server answered with this document.
function page() {
  const path = window.location.pathname;
  const checkout = /^\/checkout\/([^/]+)\/?$/.exec(path);
  if (checkout) return <CheckoutPage planCode={decodeURIComponent(checkout[1])} />;
  if (/^\/portal\/?$/.test(path)) return <PortalPage />;
  const dashboard = /^\/dashboard(?:\/(.*))?$/.exec(path);
  if (dashboard) return <DashboardApp path={(dashboard[1] ?? '').replace(/\/$/, '')} />;
  return <StartPage />;
}

render(page(), document.getElementById('app')!);
