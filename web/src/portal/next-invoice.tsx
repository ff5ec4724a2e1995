import { useEffect, useState } from 'preact/hooks';
import { api, type ApiError } from '../api';
import { ErrorNote, Loading } from '../components/layout';
import type { InvoiceView } from '../components/invoice-table';
import { date, money, quantity as formatQuantity } from '../format';
import type { AddOn, Plan, Subscription } from './types';

/// The upcoming invoice as the server computes it (POST /v1/invoices/upcoming, nothing stored).
interface UpcomingInvoice extends InvoiceView {
  billing_moment: string | null;
}

/// The subscription's next invoice, compact for the subscription panel: each line's item and
/// amount, discount, tax and total (the core's amounts), read again whenever the
/// subscription changes. A subscription that ends at the period's end, or has not started (its
/// first invoice unpaid), has none to show.
export function NextInvoice({ subscription, token, plans, addOns }: {
  subscription: Subscription; token: string; plans: Map<string, Plan>; addOns: Map<string, AddOn>;
}) {
  const [invoice, setInvoice] = useState<UpcomingInvoice | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // Ended, or not started (incomplete: its first invoice not paid yet): the server has no upcoming invoice.
  const ends = ['canceled', 'incomplete', 'incomplete_expired'].includes(subscription.status) || subscription.cancel_at_period_end;

  useEffect(() => {
    if (ends) return;
    let current = true;
    setInvoice(null);
    api<UpcomingInvoice>('POST', '/v1/invoices/upcoming', { token, body: { customer: subscription.customer } }).then((outcome) => {
      if (!current) return;
      setError(outcome.ok ? null : outcome.error);
      setInvoice(outcome.ok ? outcome.value : null);
    });
    return () => { current = false; };
  }, [JSON.stringify(subscription)]);

  if (ends) return null;
  if (error) return <ErrorNote error={error} title="Your next invoice cannot be shown" />;
  if (!invoice) return <Loading what="your next invoice" />;
  const names = new Map<string, string>();
  for (const plan of plans.values()) for (const price of plan.prices) names.set(`price:${price.id}`, price.nickname || plan.name);
  for (const addOn of addOns.values()) names.set(`add_on:${addOn.id}`, addOn.name);
  // A proration line's item is "<subscription>/<item>".
  const nameOf = (line: InvoiceView['lines'][number]) => names.get(line.item_id.slice(line.item_id.indexOf('/') + 1)) ?? line.description ?? line.item_id;
  const { currency } = invoice;
  return (
    <div class="next-invoice" data-testid="next-invoice" data-content-hash={invoice.content_hash}>
      <h3>Next invoice</h3>
      <table>
        <caption class="small">On {date(invoice.billing_moment, subscription.time_zone)}, as it stands now</caption>
        <thead><tr><th scope="col">Item</th><th scope="col" class="amount">Amount</th></tr></thead>
        <tbody>
          {invoice.lines.map((line, index) => (
            <tr key={index}>
              <td>
                {nameOf(line)}
                {line.kind === 'proration' && <span class="small"> (prorated {line.proration_kind})</span>}
                {line.quantity !== null && line.kind !== 'proration' && <span class="small"> × {formatQuantity(line.quantity)}</span>}
              </td>
              <td class="amount">{money(line.amount, currency)}</td>
            </tr>
          ))}
          {invoice.lines.length === 0 && <tr><td colSpan={2}>Nothing to charge.</td></tr>}
        </tbody>
        <tfoot>
          {!isZero(invoice.discount_total) && <tr><th scope="row">Discount</th><td class="amount">−{money(invoice.discount_total, currency)}</td></tr>}
          {invoice.taxes.map((tax) => (
            <tr key={tax.jurisdiction + tax.name}><th scope="row">{tax.name} ({tax.rate} %)</th><td class="amount">{money(tax.tax_amount, currency)}</td></tr>
          ))}
          <tr class="total"><th scope="row">Total</th><td class="amount" data-testid="total">{money(invoice.total, currency)}</td></tr>
        </tfoot>
      </table>
    </div>
  );
}

const isZero = (amount: string) => /^-?0(\.0*)?$/.test(amount);
