import { date, money } from '../../format';
import { dashboardHref } from '../routes';
import { EmptyRow } from '../components/section';
import { StatusBadge } from '../components/status-badge';
import { pdfHref, type Invoice } from './types';

/// A table of invoices: number (to its page), status, dates, total and what remains, its PDF.
export function InvoiceList({ invoices, timeZone, caption }: { invoices: Invoice[]; timeZone: string | null; caption: string }) {
  return (
    <div class="table-scroll">
      <table>
        <caption class="small">{caption}</caption>
        <thead>
          <tr><th scope="col">Invoice</th><th scope="col">Status</th><th scope="col">Created</th><th scope="col" class="amount">Total</th><th scope="col" class="amount">Remaining</th><th scope="col">PDF</th></tr>
        </thead>
        <tbody>
          {invoices.map((invoice) => (
            <tr key={invoice.id}>
              <td><a href={dashboardHref(`invoices/${encodeURIComponent(invoice.id)}`)}>{invoice.number ?? invoice.id}</a></td>
              <td><StatusBadge status={invoice.status} /></td>
              <td>{date(invoice.created_at, timeZone)}</td>
              <td class="amount">{money(invoice.total, invoice.currency)}</td>
              <td class="amount">{money(invoice.amount_remaining, invoice.currency)}</td>
              <td>{invoice.status === 'draft' ? '—' : <a href={pdfHref(invoice)}>PDF<span class="visually-hidden"> of {invoice.number ?? invoice.id}</span></a>}</td>
            </tr>
          ))}
          {invoices.length === 0 && <EmptyRow columns={6} text="No invoice." />}
        </tbody>
      </table>
    </div>
  );
}
