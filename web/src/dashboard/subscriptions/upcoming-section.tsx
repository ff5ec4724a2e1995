import { InvoiceTable, type InvoiceView } from '../../components/invoice-table';
import { money } from '../../format';
import type { Session } from '../session';
import { Section } from '../components/section';
import { useResource } from '../components/use-resource';

/// The customer's next invoice as the next billing run will issue it (computed by the core,
/// nothing stored); shown to roles that may read invoices.
export function UpcomingInvoiceSection({ session, customer }: { session: Session; customer: string }) {
  const upcoming = useResource<InvoiceView>(session, `/v1/invoices/upcoming?customer=${encodeURIComponent(customer)}`);
  return (
    <Section id="upcoming" title="Upcoming invoice" value={upcoming.value} error={upcoming.error}>
      {(invoice) => (
        <>
          <p>Total due: <strong>{money(invoice.amount_due, invoice.currency)}</strong></p>
          <InvoiceTable invoice={invoice} caption="The customer's next invoice, computed by the pricing core" timeZone="UTC" names={{}} />
        </>
      )}
    </Section>
  );
}
