// The dashboard's pages: one entry each, in navigation order. A page is a component taking
// { session, params } (params: the path's :names), or no props; `nav` puts it in the
// navigation, shown only to roles holding `permission`. Adding a page is one line here (and its
// import), as the what-if page (web/src/dashboard/what-if/, `WhatIfPage`) will be.

import type { FunctionComponent } from 'preact';
import type { Session } from './session';
import { CustomersPage } from './customers/customers-page';
import { CustomerPage } from './customers/customer-page';
import { InvoicesPage } from './invoices/invoices-page';
import { InvoicePage } from './invoices/invoice-page';
import { AuditPage } from './audit/audit-page';
import { OperatorsPage } from './operators/operators-page';
import { WhatIfPage } from './what-if';
import { WorkflowsPage } from './workflows/workflows-page';
import { WorkflowPage } from './workflows/workflow-page';
import { ProvisioningTargetsPage } from './provisioning-targets/targets-page';
import { OrdersPage } from './orders/orders-page';
import { OrderPage } from './orders/order-page';
import { WebhookEndpointsPage } from './webhooks/endpoints-page';
import { WebhookEndpointPage } from './webhooks/endpoint-page';
import { JobsPage } from './jobs/jobs-page';
import { BillingRunsPage } from './billing-runs/billing-runs-page';
import { BillingRunPage } from './billing-runs/billing-run-page';
import { CatalogPage, PlanPage, NewPricePage } from './catalog';
import { RevenuePage } from './revenue';
import { SubscriptionsPage } from './subscriptions/subscriptions-page';
import { SubscriptionPage } from './subscriptions/subscription-page';
import { PaymentsPage } from './payments/payments-page';
import { PaymentPage } from './payments/payment-page';
import { ReconciliationPage } from './reconciliation/reconciliation-page';
import { FraudReviewPage } from './fraud-review/fraud-review-page';
import { DunningPage } from './dunning/dunning-page';
// Dashboard part A (issue 26): workflow runs.
import { WorkflowRunsPage } from './workflow-runs/runs-page';
import { WorkflowRunPage } from './workflow-runs/run-page';

export interface PageProps {
  session: Session;
  params: Record<string, string>;
}

export interface DashboardRoute {
  /// The path below /dashboard/, with :name segments ("customers/:id").
  path: string;
  /// The navigation label; pages without one (details) are reached by links.
  nav?: string;
  permission: string;
  page: FunctionComponent<PageProps>;
}

export const ROUTES: DashboardRoute[] = [
  { path: 'customers', nav: 'Customers', permission: 'customers:read', page: CustomersPage },
  { path: 'customers/:id', permission: 'customers:read', page: CustomerPage },
  { path: 'invoices', nav: 'Invoices', permission: 'invoices:read', page: InvoicesPage },
  { path: 'invoices/:id', permission: 'invoices:read', page: InvoicePage },
  { path: 'audit-log', nav: 'Audit log', permission: 'audit_log:read', page: AuditPage },
  { path: 'operators', nav: 'Operators', permission: 'operators:read', page: OperatorsPage },
  { path: 'what-if', nav: 'What-if pricing', permission: 'reports:read', page: WhatIfPage },
  { path: 'subscriptions', nav: 'Subscriptions', permission: 'subscriptions:read', page: SubscriptionsPage },
  { path: 'subscriptions/:id', permission: 'subscriptions:read', page: SubscriptionPage },
  { path: 'payments', nav: 'Payments', permission: 'payments:read', page: PaymentsPage },
  { path: 'payments/:id', permission: 'payments:read', page: PaymentPage },
  { path: 'reconciliation', nav: 'Reconciliation', permission: 'reconciliation:read', page: ReconciliationPage },
  { path: 'dunning', nav: 'Dunning', permission: 'invoices:read', page: DunningPage },
  { path: 'fraud-review', nav: 'Fraud review', permission: 'payments:read', page: FraudReviewPage },
  { path: 'workflows', nav: 'Workflows', permission: 'workflows:read', page: WorkflowsPage },
  { path: 'workflows/:id', permission: 'workflows:read', page: WorkflowPage },
  { path: 'provisioning-targets', nav: 'Provisioning targets', permission: 'provisioning:read', page: ProvisioningTargetsPage },
  { path: 'orders', nav: 'Provisioning orders', permission: 'orders:read', page: OrdersPage },
  { path: 'orders/:id', permission: 'orders:read', page: OrderPage },
  { path: 'webhooks', nav: 'Webhooks', permission: 'webhooks:read', page: WebhookEndpointsPage },
  { path: 'webhooks/:id', permission: 'webhooks:read', page: WebhookEndpointPage },
  { path: 'jobs', nav: 'Jobs', permission: 'jobs:read', page: JobsPage },
  { path: 'billing-runs', nav: 'Billing runs', permission: 'billing_runs:read', page: BillingRunsPage },
  { path: 'billing-runs/:id', permission: 'billing_runs:read', page: BillingRunPage },
  { path: 'catalog', nav: 'Catalog', permission: 'catalog:read', page: CatalogPage },
  { path: 'catalog/plans/:id', permission: 'catalog:read', page: PlanPage },
  { path: 'catalog/prices/new', permission: 'catalog:write', page: NewPricePage },
  { path: 'revenue', nav: 'Revenue', permission: 'reports:read', page: RevenuePage },
  // Dashboard part A (issue 26): workflow runs.
  { path: 'workflow-runs', nav: 'Workflow runs', permission: 'workflows:read', page: WorkflowRunsPage },
  { path: 'workflow-runs/:id', permission: 'workflows:read', page: WorkflowRunPage },
];

/// The route of a path below /dashboard/ ("customers/cus_1") and its params, or null.
export function matchRoute(path: string): { route: DashboardRoute; params: Record<string, string> } | null {
  const parts = path.split('/').filter(Boolean);
  for (const route of ROUTES) {
    const pattern = route.path.split('/');
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((segment, index) => {
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = decodeURIComponent(parts[index]);
        return true;
      }
      return segment === parts[index];
    });
    if (matches) return { route, params };
  }
  return null;
}

/// The link to a page below /dashboard/.
export const dashboardHref = (path: string) => `/dashboard/${path}`;
