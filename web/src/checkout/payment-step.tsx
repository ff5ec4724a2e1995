// The checkout after its order is placed and not yet paid: the outcome of the last card (a
// decline, the 3-D Secure step, a payment still being confirmed) and the card form to try
// another. The order itself (the customer, the subscription, the first invoice) is not
// created again: the same completion is sent with the new card's token.
import { useState } from 'preact/hooks';
import { api, type ApiError, type ApiResult } from '../api';
import { money } from '../format';
import { ErrorNote } from '../components/layout';
import { CardFields, EMPTY_CARD, cardFilled, tokenizeCard, type CardInput } from '../components/card-form';
import { ThreeDSecureStep } from '../components/three-d-secure';
import { failureMessage } from '../payments/outcome-messages';
import type { CheckoutSession } from './types';

/// `failure`: an error the completion that placed the order answered (the card refused by the
/// fraud rules, the payment service unreachable), shown until the next try.
export function PaymentStep({ session, publishableKey, order, onChange, failure = null }: {
  session: CheckoutSession;
  publishableKey: string;
  order: Record<string, unknown>;
  onChange: (session: CheckoutSession) => void;
  failure?: ApiError | null;
}) {
  const [card, setCard] = useState<CardInput>(EMPTY_CARD);
  const [cardError, setCardError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(failure);
  const payment = session.payment;
  const path = `/v1/checkout_sessions/${session.id}`;

  async function run(call: () => Promise<ApiResult<CheckoutSession>>) {
    setBusy(true);
    setError(null);
    const outcome = await call();
    setBusy(false);
    if (outcome.ok) onChange(outcome.value);
    else setError(outcome.error);
  }

  async function payWithAnotherCard(event: Event) {
    event.preventDefault();
    setCardError(null);
    setBusy(true);
    const token = await tokenizeCard(session.card_vault_url!, card);
    setBusy(false);
    if (!token.ok) return setCardError(token.error);
    setCard(EMPTY_CARD);
    await run(() => api<CheckoutSession>('POST', `${path}/complete`, { token: publishableKey, body: { ...order, vault_token: token.value.token } }));
  }

  const confirm = () => run(() => api<CheckoutSession>('POST', `${path}/confirm_payment`, { token: publishableKey }));
  const refresh = () => run(() => api<CheckoutSession>('GET', path, { token: publishableKey }));

  return (
    <div class="payment-step">
      <p>
        Your order is placed; it starts once the first invoice
        {payment ? <> of <strong data-testid="amount-to-pay">{money(payment.amount, payment.currency)}</strong></> : ''} is paid.
      </p>
      {session.payment_status === 'unpaid' && payment && (
        <div class="error" role="alert" data-testid="payment-failed">
          <strong>The payment did not go through</strong>
          <p>{failureMessage(payment.failure_code, payment.decline_code)} Try another card.</p>
        </div>
      )}
      {session.payment_status === 'requires_action' && payment?.next_action && (
        <ThreeDSecureStep url={payment.next_action.url} amount={payment.amount} currency={payment.currency}
          last4={payment.card?.last4 ?? null} onAnswered={confirm} />
      )}
      {session.payment_status === 'processing' && (
        <div class="panel" role="status" data-testid="payment-processing">
          <p>The payment of {payment ? money(payment.amount, payment.currency) : 'the first invoice'} is being confirmed. Nothing more will be charged.</p>
          <div class="actions"><button type="button" disabled={busy} onClick={refresh}>Check again</button></div>
        </div>
      )}
      {error && <ErrorNote error={error} title="The payment could not be made" />}
      {session.payment_status !== 'processing' && (
        <form onSubmit={payWithAnotherCard} noValidate>
          <CardFields value={card} onChange={setCard} error={cardError} disabled={busy} legend="Another card" />
          <div class="actions">
            <button type="submit" disabled={busy || !cardFilled(card)}>{busy ? 'Paying…' : 'Pay with this card'}</button>
          </div>
        </form>
      )}
    </div>
  );
}
