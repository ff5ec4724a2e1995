import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Ratecard } from 'ratecard';
import { api, type ApiError } from '../api';
import { evaluate, loadCore } from '../core';
import { date, interval, money } from '../format';
import { ErrorNote, Layout, Loading } from '../components/layout';
import { InvoiceTable, type InvoiceView } from '../components/invoice-table';
import { ChoiceError, quoteRequest } from '../checkout/quote-request';
import type { CheckoutChoice, CheckoutSession } from '../checkout/types';
import { COUNTRIES, REGION_REQUIRED } from '../checkout/countries';
import { PaymentStep } from '../checkout/payment-step';
import { CardFields, EMPTY_CARD, cardFilled, tokenizeCard, type CardInput } from '../components/card-form';
import { BankAccountFields, EMPTY_BANK_ACCOUNT, bankAccountFilled, tokenizeBankAccount, type BankAccountInput } from '../components/bank-account-form';

interface QuoteView {
  billing_starts_at: string;
  trial: { start: string; end: string } | null;
  first_period: { start: string; end: string; kind: string };
  proration_factor: { numerator: string; denominator: string } | null;
  invoice: InvoiceView;
}

type Submitted =
  | { kind: 'done'; session: CheckoutSession }
  | { kind: 'placed'; session: CheckoutSession; order: Record<string, unknown>; failure?: ApiError }
  | { kind: 'changed'; message: string; serverTotal: string; serverHash: string };

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/// The hosted checkout of one plan: opens a checkout session with the link's publishable key,
/// quotes every change in this page with the core (WebAssembly), and submits the quote's hash.
export function CheckoutPage({ planCode }: { planCode: string }) {
  const key = new URLSearchParams(window.location.hash.slice(1)).get('key') || '';
  const [core, setCore] = useState<Ratecard | null>(null);
  const [session, setSession] = useState<CheckoutSession | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);

  const [plan, setPlan] = useState('');
  const [seats, setSeats] = useState('1');
  const [addOns, setAddOns] = useState<Record<string, string>>({});
  const [couponCode, setCouponCode] = useState('');
  const [couponError, setCouponError] = useState<ApiError | null>(null);
  const [tax, setTax] = useState({ country: '', region: '', postal_code: '', tax_id: '' });
  const [buyer, setBuyer] = useState({ name: '', email: '' });
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<ApiError | null>(null);
  const [submitted, setSubmitted] = useState<Submitted | null>(null);
  const [card, setCard] = useState<CardInput>(EMPTY_CARD);
  const [cardError, setCardError] = useState<ApiError | null>(null);
  const [method, setMethod] = useState<'card' | 'bank'>('card');
  const [bank, setBank] = useState<BankAccountInput>(EMPTY_BANK_ACCOUNT);
  const [bankError, setBankError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (!key) {
      setLoadError({ code: 'MISSING_KEY', message: 'This checkout link has no publishable key (#key=rcpk_...).', path: '' });
      return;
    }
    Promise.all([
      loadCore(),
      api<CheckoutSession>('POST', '/v1/checkout_sessions', { token: key, body: { plan_code: planCode, time_zone: browserZone } }),
    ]).then(([loaded, outcome]) => {
      setCore(loaded);
      if (!outcome.ok) return setLoadError(outcome.error);
      setSession(outcome.value);
      setPlan(outcome.value.plan);
    }, (error) => setLoadError({ code: 'WASM', message: `the pricing core did not load: ${String(error)}`, path: '' }));
  }, []);

  const choice: CheckoutChoice = {
    plan,
    quantity: seats,
    add_ons: Object.entries(addOns).map(([id, quantity]) => ({ add_on: id, quantity })),
    tax: tax.country ? { country: tax.country, region: tax.region, postal_code: tax.postal_code, tax_id: tax.tax_id } : null,
  };

  // The live quote: recomputed by the core in this page on every change.
  const quoted = useMemo(() => {
    if (!core || !session || !plan) return null;
    const started = performance.now();
    let request: Record<string, unknown>;
    try {
      request = quoteRequest(session, choice);
    } catch (error) {
      if (error instanceof ChoiceError) return { error: { code: 'INVALID_ARGUMENT', message: error.message, path: error.path }, ms: 0 };
      throw error;
    }
    const outcome = evaluate<QuoteView>(core, request);
    const ms = performance.now() - started;
    return outcome.ok ? { quote: outcome.result, ms } : { error: outcome.error as ApiError, ms };
  }, [core, session, plan, seats, JSON.stringify(addOns), tax.country, tax.region, tax.postal_code, tax.tax_id]);

  if (loadError) return <Layout title="Checkout"><ErrorNote error={loadError} title="This checkout cannot start" /></Layout>;
  if (!session || !core) return <Layout title="Checkout"><Loading what="the checkout" /></Layout>;

  const option = session.plans.find((candidate) => candidate.plan === plan)!;
  const names: Record<string, string> = {};
  for (const candidate of session.plans) for (const item of candidate.items) names[item.id] = item.description || candidate.name;
  for (const addOn of session.add_ons) names[addOn.item.id] = addOn.name;
  const quote = quoted && 'quote' in quoted ? quoted.quote : null;
  const quoteError = quoted && 'error' in quoted ? quoted.error : null;
  const errorAt = (path: string) => (quoteError && quoteError.path.startsWith(path) ? quoteError : null);

  if (submitted?.kind === 'done') return <Confirmation session={submitted.session} planName={option.name} />;
  if (submitted?.kind === 'placed') {
    return (
      <Layout title={`Pay for ${option.name}`}>
        <PaymentStep session={submitted.session} publishableKey={key} order={submitted.order} failure={submitted.failure ?? null}
          onChange={(next) => setSubmitted(next.status === 'complete' ? { kind: 'done', session: next } : { kind: 'placed', session: next, order: submitted.order })} />
      </Layout>
    );
  }

  async function applyCoupon(code: string | null) {
    setCouponError(null);
    const outcome = await api<CheckoutSession>('POST', `/v1/checkout_sessions/${session!.id}/coupon`, { token: key, body: { code } });
    if (outcome.ok) setSession(outcome.value);
    else setCouponError(outcome.error);
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (!quote) return;
    setSubmitting(true);
    setSubmitError(null);
    const billing: Record<string, string> = { name: buyer.name, email: buyer.email, country: tax.country };
    for (const field of ['region', 'postal_code', 'tax_id'] as const) if (tax[field]) billing[field] = tax[field];
    const order = { plan, quantity: seats, add_ons: choice.add_ons, billing, quote_hash: quote.invoice.content_hash };
    let body: Record<string, unknown> = order;
    if (session!.card_vault_url && method === 'bank') {
      // The account goes to the vault from here; the server gets its token and the authorization.
      setBankError(null);
      const token = await tokenizeBankAccount(session!.card_vault_url, bank);
      if (!token.ok) {
        setSubmitting(false);
        return setBankError(token.error);
      }
      body = { ...order, vault_token: token.value.token, mandate_accepted: true };
    } else if (session!.card_vault_url) {
      // The card goes to the vault from here; the server gets its token only.
      setCardError(null);
      const token = await tokenizeCard(session!.card_vault_url, card);
      if (!token.ok) {
        setSubmitting(false);
        return setCardError(token.error);
      }
      body = { ...order, vault_token: token.value.token };
    }
    const outcome = await api<CheckoutSession>('POST', `/v1/checkout_sessions/${session!.id}/complete`, { token: key, body });
    setSubmitting(false);
    if (outcome.ok && outcome.value.status !== 'complete') return setSubmitted({ kind: 'placed', session: outcome.value, order });
    if (outcome.ok) return setSubmitted({ kind: 'done', session: outcome.value });
    const refused = outcome.body as { session?: CheckoutSession; quote?: { invoice: InvoiceView } } | null;
    if (outcome.error.code === 'QUOTE_CHANGED' && refused?.session && refused.quote) {
      setSession(refused.session);
      if (!refused.session.plans.some((candidate) => candidate.plan === plan)) setPlan(refused.session.plan);
      setSubmitted({
        kind: 'changed', message: outcome.error.message,
        serverTotal: refused.quote.invoice.total, serverHash: refused.quote.invoice.content_hash,
      });
      return;
    }
    if (body.vault_token) {
      // Refused after the order was placed (the card, not the order): go on with another card.
      const placed = await api<CheckoutSession>('GET', `/v1/checkout_sessions/${session!.id}`, { token: key });
      if (placed.ok && placed.value.payment_status) return setSubmitted({ kind: 'placed', session: placed.value, order, failure: outcome.error });
    }
    setSubmitError(outcome.error);
  }

  const field = (name: keyof typeof tax) => ({
    value: tax[name],
    onInput: (event: Event) => { setSubmitted(null); setTax({ ...tax, [name]: (event.target as HTMLInputElement).value }); },
  });

  return (
    <Layout title={`Subscribe: ${option.name}`}>
      <form class="columns" onSubmit={submit} noValidate>
        <div>
          <fieldset>
            <legend>Plan</legend>
            {session.plans.map((candidate) => (
              <div class="check" key={candidate.plan}>
                <input type="radio" id={`plan-${candidate.code}`} name="plan" value={candidate.plan} checked={plan === candidate.plan}
                  onChange={() => { setSubmitted(null); setPlan(candidate.plan); }} />
                <label for={`plan-${candidate.code}`}>
                  {candidate.name}, billed {interval(candidate.interval_count, candidate.interval)}
                  {candidate.trial_days > 0 ? ` (${candidate.trial_days}-day free trial)` : ''}
                </label>
              </div>
            ))}
            {option.seats_adjustable && (
              <>
                <label for="seats">Seats</label>
                <input id="seats" type="text" inputMode="decimal" value={seats} aria-describedby="seats-hint"
                  aria-invalid={errorAt('/items') ? 'true' : 'false'}
                  onInput={(event) => { setSubmitted(null); setSeats((event.target as HTMLInputElement).value); }} />
                <p class="hint" id="seats-hint">How many people will use it.</p>
              </>
            )}
          </fieldset>

          {session.add_ons.length > 0 && (
            <fieldset>
              <legend>Add-ons</legend>
              {session.add_ons.map((addOn) => (
                <div key={addOn.add_on}>
                  <div class="check">
                    <input type="checkbox" id={`addon-${addOn.code}`} checked={addOn.add_on in addOns}
                      onChange={(event) => {
                        setSubmitted(null);
                        const next = { ...addOns };
                        if ((event.target as HTMLInputElement).checked) next[addOn.add_on] = '1';
                        else delete next[addOn.add_on];
                        setAddOns(next);
                      }} />
                    <label for={`addon-${addOn.code}`}>{addOn.name}</label>
                  </div>
                  {addOn.add_on in addOns && addOn.item.price.model !== 'flat' && (
                    <>
                      <label for={`addon-qty-${addOn.code}`}>{addOn.name}: quantity</label>
                      <input id={`addon-qty-${addOn.code}`} type="text" inputMode="decimal" value={addOns[addOn.add_on]}
                        onInput={(event) => { setSubmitted(null); setAddOns({ ...addOns, [addOn.add_on]: (event.target as HTMLInputElement).value }); }} />
                    </>
                  )}
                </div>
              ))}
            </fieldset>
          )}

          <fieldset>
            <legend>Coupon</legend>
            {session.coupon ? (
              <p>
                <strong>{session.coupon.code}</strong>: {session.coupon.name}{' '}
                <button type="button" class="secondary" onClick={() => applyCoupon(null)}>Remove coupon</button>
              </p>
            ) : (
              <>
                <label for="coupon">Coupon code</label>
                <input id="coupon" type="text" value={couponCode} aria-invalid={couponError ? 'true' : 'false'}
                  aria-describedby={couponError ? 'coupon-error' : undefined}
                  onInput={(event) => setCouponCode((event.target as HTMLInputElement).value)} />
                {couponError && <p class="hint" id="coupon-error" role="alert">{couponError.message}</p>}
                <div class="actions">
                  <button type="button" class="secondary" disabled={!couponCode.trim()} onClick={() => applyCoupon(couponCode.trim())}>Apply coupon</button>
                </div>
              </>
            )}
          </fieldset>

          <fieldset>
            <legend>Billing details</legend>
            <label for="name">Name or company</label>
            <input id="name" type="text" autoComplete="organization" value={buyer.name}
              onInput={(event) => setBuyer({ ...buyer, name: (event.target as HTMLInputElement).value })} />
            <label for="email">Billing email</label>
            <input id="email" type="email" autoComplete="email" value={buyer.email}
              onInput={(event) => setBuyer({ ...buyer, email: (event.target as HTMLInputElement).value })} />
            <label for="country">Country</label>
            <select id="country" autoComplete="country" {...field('country')} onChange={field('country').onInput}>
              <option value="">Choose a country</option>
              {COUNTRIES.map(([code, name]) => <option key={code} value={code}>{name}</option>)}
            </select>
            <label for="region">State, province or region{REGION_REQUIRED.has(tax.country) ? '' : ' (optional)'}</label>
            <input id="region" type="text" autoComplete="address-level1" aria-invalid={errorAt('/tax/customer/region') ? 'true' : 'false'} {...field('region')} />
            <label for="postal">Postal code (optional)</label>
            <input id="postal" type="text" autoComplete="postal-code" {...field('postal_code')} />
            <label for="taxid">Tax id, such as a VAT number (optional)</label>
            <input id="taxid" type="text" {...field('tax_id')} />
          </fieldset>
        </div>

        <section class="panel" aria-labelledby="quote-title" aria-live="polite">
          <h2 id="quote-title">Your first invoice</h2>
          {quoteError && <ErrorNote error={quoteError} title="This choice cannot be priced" />}
          {quote && (
            <>
              <dl class="facts">
                {quote.trial && <><dt>Free trial</dt><dd>until {date(quote.trial.end, session.time_zone)}</dd></>}
                <dt>First invoice</dt><dd data-testid="first-invoice-date">{date(quote.billing_starts_at, session.time_zone)}</dd>
                <dt>Next renewal</dt><dd data-testid="next-renewal">{date(quote.first_period.end, session.time_zone)}</dd>
                {quote.proration_factor && (
                  <><dt>First period</dt><dd>prorated: {quote.proration_factor.numerator}/{quote.proration_factor.denominator} of a cycle</dd></>
                )}
              </dl>
              <InvoiceTable invoice={quote.invoice} caption={`Amounts in ${session.currency}; dates in ${session.time_zone}`}
                timeZone={session.time_zone} names={names} />
              <p class="total">Due on {date(quote.billing_starts_at, session.time_zone)}: <span data-testid="amount-due">{money(quote.invoice.amount_due, session.currency)}</span></p>
              <p class="small">
                Computed in your browser by the pricing core in <span data-testid="quote-ms">{quoted!.ms.toFixed(2)}</span> ms.
                Invoice fingerprint: <span class="hash" data-testid="quote-hash">{quote.invoice.content_hash}</span>
              </p>
            </>
          )}
          {submitted?.kind === 'changed' && (
            <div class="error" role="alert" data-testid="quote-changed">
              <strong>The price changed</strong>
              <p>{submitted.message}</p>
              <p>The new total is {money(submitted.serverTotal, session.currency)}; the quote above shows it. Nothing was charged.</p>
            </div>
          )}
          {submitError && <ErrorNote error={submitError} title="The subscription was not created" />}
          {session.card_vault_url && session.currency === 'USD' && (
            <fieldset>
              <legend>Pay with</legend>
              {([['card', 'Card'], ['bank', 'US bank account']] as const).map(([value, label]) => (
                <div class="check" key={value}>
                  <input type="radio" id={`method-${value}`} name="method" value={value} checked={method === value} onChange={() => setMethod(value)} />
                  <label for={`method-${value}`}>{label}</label>
                </div>
              ))}
            </fieldset>
          )}
          {session.card_vault_url && method === 'bank' && <BankAccountFields value={bank} onChange={setBank} error={bankError} disabled={submitting} />}
          {session.card_vault_url && method === 'card' && <CardFields value={card} onChange={setCard} error={cardError} disabled={submitting} />}
          {!session.card_vault_url && <p class="small">This server takes no card payments: the first invoice is sent to the billing email.</p>}
          <div class="actions">
            <button type="submit" disabled={!quote || submitting || !buyer.name || !buyer.email || !tax.country
              || (session.card_vault_url !== null && (method === 'bank' ? !bankAccountFilled(bank) : !cardFilled(card)))}>
              {submitting ? 'Subscribing…' : 'Subscribe'}
            </button>
          </div>
        </section>
      </form>
    </Layout>
  );
}

/// The confirmation: what was paid and the invoice it paid, the card kept for the trial's end,
/// or the bank account awaiting its micro-deposits (with the invoice's page to verify them).
function Confirmation({ session, planName }: { session: CheckoutSession; planName: string }) {
  const paid = session.payment_status === 'paid' && session.payment ? session.payment : null;
  return (
    <Layout title="Thank you">
      <div class="success" role="status">
        <p>You are subscribed to {planName}. Your first invoice is the quote you saw, to the cent.</p>
        {paid && <p data-testid="paid">Paid <strong data-testid="paid-amount">{money(paid.amount, paid.currency)}</strong>{paid.card ? ` with the card ending ${paid.card.last4}` : ''}.</p>}
        {session.payment_status === 'no_payment_required' && <p>Nothing is due today; your card is kept for the first invoice.</p>}
        {session.payment_status === 'requires_verification' && session.bank_account && (
          <p data-testid="awaiting-verification">
            Two small deposits are on their way to your account ending in {session.bank_account.last4}. Once they arrive (one or two
            business days), enter them on your invoice's page: the first invoice is then debited, and your subscription starts when
            the debit clears.
          </p>
        )}
      </div>
      {session.hosted_invoice_url && (
        <p><a href={session.hosted_invoice_url} data-testid="verify-link">Open your invoice to verify the deposits</a> (keep this link).</p>
      )}
      <dl class="facts">
        {session.invoice_number && <><dt>Invoice</dt><dd data-testid="invoice-number">{session.invoice_number}</dd></>}
        <dt>Customer</dt><dd>{session.customer}</dd>
        <dt>Subscription</dt><dd>{session.subscription}</dd>
        <dt>First invoice hash</dt><dd class="hash" data-testid="server-hash">{session.quote_hash}</dd>
      </dl>
    </Layout>
  );
}
