// Card entry for any page that takes a card (the checkout; the hosted invoice page and the
// portal's payment methods can use the same): the fields, controlled by the page, and
// `tokenizeCard`, which checks them and posts them to the vault. The page then sends only the
// vault's token to Ratecard's server.
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
/// error, shown at its field (or below the fields when it names none).
export function CardFields({ value, onChange, error = null, disabled = false, legend = 'Card' }: {
  value: CardInput;
  onChange: (card: CardInput) => void;
  error?: ApiError | null;
  disabled?: boolean;
  legend?: string;
}) {
  const at = (name: keyof CardInput) => (error && error.path === `/${name}` ? error : null);
  const elsewhere = error && !FIELDS.some((field) => error.path === `/${field.name}`) ? error : null;
  return (
    <fieldset class="card-fields" disabled={disabled}>
      <legend>{legend}</legend>
      {FIELDS.map((field) => (
        <div key={field.name} class={`card-${field.name}`}>
          <label for={`card-${field.name}`}>{field.label}</label>
          <input id={`card-${field.name}`} type="text" autoComplete={field.autoComplete} inputMode={field.inputMode}
            placeholder={field.placeholder} value={value[field.name]}
            aria-invalid={at(field.name) ? 'true' : 'false'} aria-describedby={at(field.name) ? `card-${field.name}-error` : undefined}
            onInput={(event) => onChange({ ...value, [field.name]: (event.target as HTMLInputElement).value })} />
          {at(field.name) && <p class="hint field-error" id={`card-${field.name}-error`} role="alert">{at(field.name)!.message}</p>}
        </div>
      ))}
      {elsewhere && <p class="hint field-error" role="alert">{elsewhere.message}</p>}
      <p class="hint">Your card goes straight to the card vault; this site keeps only its last four digits.</p>
    </fieldset>
  );
}
