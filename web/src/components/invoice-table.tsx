import { date, money, quantity as formatQuantity } from '../format';

/// The fields of the core's invoice result these pages show (docs/core-api.md, op invoice).
export interface InvoiceView {
  currency: string;
  content_hash: string;
  lines: {
    kind: string;
    item_id: string;
    description: string | null;
    quantity: string | null;
    amount: string;
    discount_amount: string;
    tax_amount: string;
    proration_kind?: string;
    period: { start: string; end: string };
  }[];
  subtotal: string;
  discount_total: string;
  taxes: { jurisdiction: string; name: string; rate: string; tax_amount: string; taxable_amount: string }[];
  tax_total: string;
  total: string;
  amount_due: string;
}

/// An invoice's lines, discount, tax by component and total, with amounts from the core.
export function InvoiceTable({ invoice, caption, timeZone, names }: {
  invoice: InvoiceView; caption: string; timeZone: string; names: Record<string, string>;
}) {
  const { currency } = invoice;
  return (
    <div class="table-scroll">
      <table>
        <caption class="small">{caption}</caption>
        <thead>
          <tr><th scope="col">Item</th><th scope="col">Period</th><th scope="col" class="amount">Qty</th><th scope="col" class="amount">Amount</th></tr>
        </thead>
        <tbody>
          {invoice.lines.map((line, index) => (
            <tr key={index}>
              <td>
                {line.description || names[line.item_id] || line.item_id}
                {line.kind === 'proration' && <span class="small"> (prorated {line.proration_kind})</span>}
              </td>
              <td>{date(line.period.start, timeZone)} – {date(line.period.end, timeZone)}</td>
              <td class="amount">{line.quantity === null ? '' : formatQuantity(line.quantity)}</td>
              <td class="amount">{money(line.amount, currency)}</td>
            </tr>
          ))}
          {invoice.lines.length === 0 && (
            <tr><td colSpan={4}>Nothing to charge on this invoice.</td></tr>
          )}
        </tbody>
        <tfoot>
          <tr><th scope="row" colSpan={3}>Subtotal</th><td class="amount">{money(invoice.subtotal, currency)}</td></tr>
          {!isZero(invoice.discount_total) && (
            <tr><th scope="row" colSpan={3}>Discount</th><td class="amount">−{money(invoice.discount_total, currency)}</td></tr>
          )}
          {invoice.taxes.map((tax) => (
            <tr key={tax.jurisdiction + tax.name}>
              <th scope="row" colSpan={3}>{tax.name} ({tax.jurisdiction}, {tax.rate} %)</th>
              <td class="amount">{money(tax.tax_amount, currency)}</td>
            </tr>
          ))}
          <tr class="total"><th scope="row" colSpan={3}>Total</th><td class="amount" data-testid="total">{money(invoice.total, currency)}</td></tr>
        </tfoot>
      </table>
    </div>
  );
}

const isZero = (amount: string) => /^-?0(\.0*)?$/.test(amount);
