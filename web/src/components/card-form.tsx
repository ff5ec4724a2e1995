// The one card entry of every page that takes a card (the checkout, the hosted invoice page,
// the portal's payment methods): the fields (`CardFields`, controlled by the page), and
// `tokenizeCard`, which checks them and posts them to the vault; `CardForm` is both in a form of
// its own. The page then sends only the vault's token to Ratecard's server.
import { useState } from 'preact/hooks';
import type { ApiError, ApiResult } from '../api';
import { postCardToVault, type CardDetails, type VaultCard } from '../payments/vault';

/// The fields as typed.
export interface CardInput {
  number: string;
  expiry: string;
  cvc: string;
}

export const EMPTY_CARD: CardInput = { number: '', expiry: '', cvc: '' };

/// Whether every field has something in it (the submit button waits for that).
export const cardFilled = (card: CardInput) => Boolean(card.number.trim() && card.expiry.trim() && card.cvc.trim());

/// The vault's body for the fields, or an error at the field's path (/number, /expiry, /cvc).
export function cardDetails(card: CardInput): { ok: true; card: CardDetails } | { ok: false; error: ApiError } {
  const expiry = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(card.expiry);
  if (!expiry) return { ok: false, error: { code: 'INVALID_EXPIRY', message: 'Enter the expiry as MM/YY.', path: '/expiry' } };
  const year = Number(expiry[2]);
  return {
    ok: true,
    card: { number: card.number.replace(/[\s-]/g, ''), exp_month: Number(expiry[1]), exp_year: year < 100 ? 2000 + year : year, cvc: card.cvc.trim() },
  };
}

/// Checks the fields and posts the card to the vault at `vaultUrl`: the vault's token, or an
/// error whose path names the field (the vault's /exp_month and /exp_year read as /expiry).
export async function tokenizeCard(vaultUrl: string, card: CardInput): Promise<ApiResult<VaultCard>> {
  const details = cardDetails(card);
  if (!details.ok) return { ok: false, status: 400, error: details.error, body: null };
  const outcome = await postCardToVault(vaultUrl, details.card);
  if (outcome.ok || !/^\/exp_/.test(outcome.error.path)) return outcome;
  return { ...outcome, error: { ...outcome.error, path: '/expiry' } };
}

const FIELDS: { name: keyof CardInput; label: string; autoComplete: string; inputMode: 'numeric' | 'text'; placeholder: string }[] = [
  { name: 'number', label: 'Card number', autoComplete: 'cc-number', inputMode: 'numeric', placeholder: '1234 1234 1234 1234' },
  { name: 'expiry', label: 'Expiry (MM/YY)', autoComplete: 'cc-exp', inputMode: 'numeric', placeholder: 'MM/YY' },
  { name: 'cvc', label: 'Security code (CVC)', autoComplete: 'cc-csc', inputMode: 'numeric', placeholder: '123' },
];

/// The card's fields in a fieldset, for a form of the page's. `error`: the last tokenization
/// error, shown at its field (or below the fields when it names none). `id` prefixes the
/// fields' ids (`<id>-number`…), keeping two card forms on one page apart.
export function CardFields({ value, onChange, error = null, disabled = false, legend = 'Card', id = 'card' }: {
  value: CardInput;
  onChange: (card: CardInput) => void;
  error?: ApiError | null;
  disabled?: boolean;
  legend?: string;
  id?: string;
}) {
  const at = (name: keyof CardInput) => (error && error.path === `/${name}` ? error : null);
  const elsewhere = error && !FIELDS.some((field) => error.path === `/${field.name}`) ? error : null;
  return (
    <fieldset class="card-fields" disabled={disabled}>
      <legend>{legend}</legend>
      {FIELDS.map((field) => (
        <div key={field.name} class={`card-${field.name}`}>
          <label for={`${id}-${field.name}`}>{field.label}</label>
          <input id={`${id}-${field.name}`} type="text" autoComplete={field.autoComplete} inputMode={field.inputMode}
            placeholder={field.placeholder} value={value[field.name]}
            aria-invalid={at(field.name) ? 'true' : 'false'} aria-describedby={at(field.name) ? `${id}-${field.name}-error` : undefined}
            onInput={(event) => onChange({ ...value, [field.name]: (event.target as HTMLInputElement).value })} />
          {at(field.name) && <p class="hint field-error" id={`${id}-${field.name}-error`} role="alert">{at(field.name)!.message}</p>}
        </div>
      ))}
      {elsewhere && <p class="hint field-error" role="alert">{elsewhere.message}</p>}
      <p class="hint">Your card goes straight to the card vault; this site keeps only its last four digits.</p>
    </fieldset>
  );
}

/// The card's fields with their own submit button: the card goes to the vault at `vaultUrl`, and
/// `onCard` gets the vault's token (the fields empty once it is done). A vault error shows at its
/// field; what `onCard` does with the token is the page's to report.
export function CardForm({ id, vaultUrl, submitLabel, busy, onCard, legend = 'Card' }: {
  id: string;
  vaultUrl: string;
  submitLabel: string;
  busy: boolean;
  onCard: (card: VaultCard) => Promise<void> | void;
  legend?: string;
}) {
  const [card, setCard] = useState<CardInput>(EMPTY_CARD);
  const [error, setError] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    setSending(true);
    const token = await tokenizeCard(vaultUrl, card);
    if (!token.ok) {
      setSending(false);
      return setError(token.error);
    }
    setCard(EMPTY_CARD);
    await onCard(token.value);
    setSending(false);
  }

  return (
    <form class="card-form" onSubmit={submit}>
      <CardFields id={id} value={card} onChange={setCard} error={error} disabled={busy || sending} legend={legend} />
      <div class="actions"><button type="submit" disabled={busy || sending || !cardFilled(card)}>{submitLabel}</button></div>
    </form>
  );
}
