import { useEffect, useState } from 'preact/hooks';
import { api, type ApiError } from '../api';
import { date, money } from '../format';
import { ErrorNote, Layout, Loading } from '../components/layout';
import { InvoiceTable } from '../components/invoice-table';
import { CardForm } from '../components/card-form';
import { ThreeDSecureStep } from '../components/three-d-secure';
import { MicroDepositsForm } from '../components/micro-deposits-form';
import type { VaultCard } from '../payments/vault';
import { failureMessage } from '../payments/outcome-messages';
import { downloadDocument } from '../download';
import type { HostedInvoice, HostedPayment } from '../invoice/types';

const STATUS_TEXT: Record<HostedInvoice['status'], string> = {
  open: 'Open', paid: 'Paid', void: 'Void (nothing to pay)', uncollectible: 'Uncollectible (still payable)',
};

/// The hosted page of one invoice, opened with its link (`/invoice/<token>`, the token is the
/// credential): the invoice, its PDF, and while something remains to pay, paying it with the
/// card on file or a new card (posted to the vault by this page; the gateway's 3-D Secure step
/// answered here, then confirmed), or putting a new default card on file.
export function InvoicePage({ token }: { token: string }) {
  const [invoice, setInvoice] = useState<HostedInvoice | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    api<HostedInvoice>('GET', '/v1/hosted_invoice', { token }).then((outcome) => {
      if (outcome.ok) setInvoice(outcome.value);
      else setError(outcome.error);
    });
  }, [token]);

  if (error) return <Layout title="Invoice"><ErrorNote error={error} title="This invoice cannot be shown" /></Layout>;
  if (!invoice) return <Layout title="Invoice"><Loading what="the invoice" /></Layout>;
  return <InvoiceView token={token} invoice={invoice} onChanged={setInvoice} />;
}

function InvoiceView({ token, invoice, onChanged }: { token: string; invoice: HostedInvoice; onChanged: (invoice: HostedInvoice) => void }) {
  const zone = invoice.time_zone;
  const { currency } = invoice;
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The page's payment waiting for 3-D Secure, as the server says (so a reloaded page shows the step again).
  const challenge = invoice.payment_requires_action;

  async function run<T>(path: string, body: unknown, done: (value: T) => string, next: (value: T) => HostedInvoice) {
    setBusy(true);
    setActionError(null);
    setNotice(null);
    const outcome = await api<T>('POST', path, { token, body });
    setBusy(false);
    if (!outcome.ok) return setActionError(outcome.error);
    setNotice(done(outcome.value));
    onChanged(next(outcome.value));
  }

  const paid = ({ payment }: HostedPayment) => {
    if (payment.status === 'succeeded') return `Thank you: ${money(payment.amount, payment.currency)} was paid.`;
    if (payment.status === 'failed') return `${failureMessage(payment.failure_code, payment.decline_code)} Try another card.`;
    if (payment.status === 'requires_action') return 'Your bank asks you to confirm the payment.';
    return `The payment is ${payment.status.replace(/_/g, ' ')}; this page shows the invoice as paid once it succeeds.`;
  };
  const pay = (card: VaultCard | null) => run<HostedPayment>('/v1/hosted_invoice/pay', card ? { vault_token: card.token } : {}, paid, (value) => value.invoice);
  const confirm = () => run<HostedPayment>('/v1/hosted_invoice/confirm_payment', undefined, paid, (value) => value.invoice);
  const verifyBankAccount = (amounts: [string, string]) => run<HostedInvoice>('/v1/hosted_invoice/verify_bank_account', { amounts },
    () => 'Your bank account is verified. The invoice is debited from it; the debit takes a few business days to clear.', (value) => value);
  const setDefault = (card: VaultCard) => run<HostedInvoice>('/v1/hosted_invoice/default_card', { vault_token: card.token },
    (value) => `Your ${card.brand} card ending in ${value.card_on_file?.last4 ?? card.last4} is now the card on file.`, (value) => value);

  async function download() {
    setActionError(null);
    const failed = await downloadDocument('/v1/hosted_invoice/pdf', token, `${invoice.number}.pdf`);
    if (failed) setActionError(failed);
  }

  const card = invoice.card_on_file;
  return (
    <Layout title={`Invoice ${invoice.number}`}>
      <div class="columns">
        <section class="panel" aria-labelledby="invoice-facts">
          <h2 id="invoice-facts">{invoice.seller_name ? `From ${invoice.seller_name}` : 'Summary'}</h2>
          <dl class="facts">
            <dt>Status</dt><dd><span class="status-badge" data-testid="invoice-status">{STATUS_TEXT[invoice.status]}</span>{invoice.overdue && invoice.payable ? ' · overdue' : ''}</dd>
            {invoice.customer_name && <><dt>Billed to</dt><dd>{invoice.customer_name}</dd></>}
            <dt>Issued</dt><dd>{date(invoice.finalized_at, zone)}</dd>
            <dt>Due</dt><dd>{date(invoice.due_at, zone)}</dd>
            <dt>Total</dt><dd>{money(invoice.total, currency)}</dd>
            <dt>Paid</dt><dd data-testid="amount-paid">{money(invoice.amount_paid, currency)}</dd>
            <dt>Remaining</dt><dd data-testid="amount-remaining">{money(invoice.amount_remaining, currency)}</dd>
            {invoice.paid_at && <><dt>Paid on</dt><dd>{date(invoice.paid_at, zone)}</dd></>}
          </dl>
          <div class="actions">
            <button type="button" class="secondary" onClick={download}>Download PDF</button>
          </div>
          <div aria-live="polite">
            {notice && <p class="success" role="status" data-testid="notice">{notice}</p>}
          </div>
          {actionError && <ErrorNote error={actionError} title="That did not work" />}
        </section>

        {invoice.payable && (
          <section class="panel" aria-labelledby="pay-title">
            <h2 id="pay-title">Pay {money(invoice.amount_remaining, currency)}</h2>
            {invoice.payment_in_progress && !challenge && <p class="small">A payment of this invoice is being processed.</p>}
            {!invoice.vault_url && <p>Card payments are not available here; please pay as the invoice says.</p>}
            {invoice.vault_url && challenge && (
              <ThreeDSecureStep url={challenge.next_action.url} amount={challenge.amount} currency={challenge.currency}
                last4={challenge.card?.last4 ?? null} onAnswered={confirm} />
            )}
            {invoice.vault_url && !challenge && (
              <>
                {card && (
                  <div class="actions">
                    <button type="button" disabled={busy} onClick={() => pay(null)}>
                      Pay with {card.brand ?? 'card'} ending in {card.last4}
                    </button>
                  </div>
                )}
                <h3>{card ? 'Or pay with another card' : 'Pay by card'}</h3>
                <CardForm id="pay-card" vaultUrl={invoice.vault_url} legend="Card to pay with" submitLabel={`Pay ${money(invoice.amount_remaining, currency)}`} busy={busy} onCard={pay} />
              </>
            )}
          </section>
        )}

        {invoice.bank_account_to_verify && invoice.status !== 'void' && (
          <section class="panel" aria-labelledby="bank-title">
            <h2 id="bank-title">Verify your bank account</h2>
            <p>Two small deposits were sent to your account ending in {invoice.bank_account_to_verify.last4}. Enter them as your statement shows them.</p>
            <MicroDepositsForm id="verify-bank" last4={invoice.bank_account_to_verify.last4} busy={busy} onAmounts={verifyBankAccount} />
          </section>
        )}

        {invoice.vault_url && invoice.status !== 'void' && (
          <section class="panel" aria-labelledby="card-title">
            <h2 id="card-title">Card on file</h2>
            <p data-testid="card-on-file">{card ? `${card.brand ?? 'Card'} ending in ${card.last4}, expires ${card.exp_month}/${card.exp_year}` : 'No card on file.'}</p>
            <CardForm id="default-card" vaultUrl={invoice.vault_url} legend="New card on file" submitLabel="Save as my card on file" busy={busy} onCard={setDefault} />
          </section>
        )}
      </div>
      <section aria-labelledby="lines-title">
        <h2 id="lines-title">Details</h2>
        <InvoiceTable invoice={{ ...invoice, content_hash: '' }} caption={`Invoice ${invoice.number}`} timeZone={zone} names={{}} />
        {invoice.credits_applied && !/^0(\.0*)?$/.test(invoice.credits_applied) && (
          <p class="small">Credits applied: {money(invoice.credits_applied, currency)}; amount due {money(invoice.amount_due, currency)}.</p>
        )}
      </section>
    </Layout>
  );
}
