import type { Session } from '../session';
import { Section } from '../components/section';
import { useResource, type List } from '../components/use-resource';
import { InvoiceList } from '../invoices/invoice-list';
import type { Invoice } from '../invoices/types';
import type { Customer } from './types';

/// A customer's latest invoices, with their PDFs.
export function CustomerInvoicesSection({ session, customer }: { session: Session; customer: Customer }) {
  const invoices = useResource<List<Invoice>>(session, `/v1/invoices?customer=${encodeURIComponent(customer.id)}&limit=50`);
  return (
    <Section id="invoices" title="Invoices" value={invoices.value} error={invoices.error}>
      {(list) => <InvoiceList invoices={list.data} timeZone={customer.timezone} caption={`The customer's ${list.has_more ? 'latest 50 ' : ''}invoices`} />}
    </Section>
  );
}
