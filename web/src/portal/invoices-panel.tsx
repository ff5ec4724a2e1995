import { useEffect, useState } from 'preact/hooks';
import { api, type ApiError } from '../api';
import { date, money } from '../format';
import { ErrorNote, Loading } from '../components/layout';
import { downloadDocument } from '../download';

/// An invoice as the portal lists it (GET /v1/invoices with the portal token: finalized ones only).
interface PortalInvoice {
  id: string;
  number: string;
  status: string;
  currency: string;
  total: string;
  amount_remaining: string;
  finalized_at: string | null;
  hosted_invoice_url: string | null;
}

const PAYABLE = ['open', 'uncollectible'];

/// The customer's invoices, newest first: number, date, total, status, the PDF, and for one
/// still to pay a link to its hosted page (where it is paid).
export function InvoicesPanel({ token, zone }: { token: string; zone: string }) {
  const [invoices, setInvoices] = useState<PortalInvoice[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    api<{ data: PortalInvoice[] }>('GET', '/v1/invoices?limit=100', { token }).then((outcome) => {
      if (outcome.ok) setInvoices([...outcome.value.data].reverse());
      else setError(outcome.error);
    });
  }, [token]);

  async function download(invoice: PortalInvoice) {
    setError(null);
    const failed = await downloadDocument(`/v1/invoices/${invoice.id}/pdf`, token, `${invoice.number}.pdf`);
    if (failed) setError(failed);
  }

  return (
    <section class="panel" aria-labelledby="invoices-title">
      <h2 id="invoices-title">Invoices</h2>
      {error && <ErrorNote error={error} />}
      {!invoices && !error && <Loading what="your invoices" />}
      {invoices && invoices.length === 0 && <p>No invoices yet.</p>}
      {invoices && invoices.length > 0 && (
        <div class="table-scroll">
          <table data-testid="invoices">
            <caption class="small">Your invoices, newest first</caption>
            <thead>
              <tr><th scope="col">Invoice</th><th scope="col">Date</th><th scope="col" class="amount">Total</th><th scope="col">Status</th><th scope="col">Documents</th></tr>
            </thead>
            <tbody>
              {invoices.map((invoice) => (
                <tr key={invoice.id} data-invoice={invoice.id}>
                  <td>{invoice.number}</td>
                  <td>{date(invoice.finalized_at, zone)}</td>
                  <td class="amount">{money(invoice.total, invoice.currency)}</td>
                  <td>{invoice.status}</td>
                  <td>
                    <span class="inline">
                      <button type="button" class="secondary" aria-label={`Download invoice ${invoice.number} as PDF`} onClick={() => download(invoice)}>PDF</button>
                      {PAYABLE.includes(invoice.status) && invoice.hosted_invoice_url && (
                        <a href={invoice.hosted_invoice_url} aria-label={`Pay invoice ${invoice.number}`}>Pay {money(invoice.amount_remaining, invoice.currency)}</a>
                      )}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
