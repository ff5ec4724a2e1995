import { date } from '../../format';
import { ErrorNote, Loading } from '../../components/layout';
import { Shell } from '../shell';
import type { PageProps } from '../routes';
import { useResource } from '../components/use-resource';
import { can } from '../session';
import type { Customer } from './types';
import { SubscriptionsSection } from './subscriptions-section';
import { CustomerInvoicesSection } from './invoices-section';
import { PaymentsSection } from './payments-section';
import { EntitlementsSection } from './entitlements-section';
import { AccountsSection } from './accounts-section';
import { TimelineSection } from '../timeline/timeline-section';

/// One customer: its details, then each part the role may read (subscriptions, invoices with
/// their PDFs, payments, entitlements, provisioned accounts, the timeline of its events).
export function CustomerPage({ session, params }: PageProps) {
  const id = encodeURIComponent(params.id);
  const customer = useResource<Customer>(session, `/v1/customers/${id}`);
  const value = customer.value;
  return (
    <Shell session={session} title={value ? value.name || value.email || value.id : 'Customer'}>
      {customer.error && <ErrorNote error={customer.error} title="The customer could not be loaded" />}
      {!customer.error && !value && <Loading what="the customer" />}
      {value && (
        <>
          <dl class="facts panel">
            <dt>Id</dt><dd class="hash">{value.id}</dd>
            <dt>Email</dt><dd>{value.email ?? '—'}</dd>
            <dt>External id</dt><dd>{value.external_id ?? '—'}</dd>
            <dt>Currency</dt><dd>{value.currency}</dd>
            <dt>Billing time zone</dt><dd>{value.timezone ?? 'UTC'}</dd>
            <dt>Customer since</dt><dd>{date(value.created_at, value.timezone)}</dd>
            {value.erased_at && <><dt>Personal data erased</dt><dd>{date(value.erased_at, value.timezone)}</dd></>}
          </dl>
          {can(session, 'subscriptions:read') && <SubscriptionsSection session={session} customer={value} />}
          {can(session, 'invoices:read') && <CustomerInvoicesSection session={session} customer={value} />}
          {can(session, 'payments:read') && <PaymentsSection session={session} customer={value} />}
          {can(session, 'entitlements:read') && <EntitlementsSection session={session} customer={value} />}
          {can(session, 'provisioning:read') && <AccountsSection session={session} customer={value} />}
          {can(session, 'events:read') && <TimelineSection session={session} customerId={value.id} />}
        </>
      )}
    </Shell>
  );
}
