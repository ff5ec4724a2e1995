import { useState } from 'preact/hooks';
import type { ApiError } from '../api';
import { ErrorNote } from './layout';

/// A card as the vault answers it once it keeps it: the token Ratecard charges, and what the
/// page may show.
export interface VaultCard {
  token: string;
  brand: string;
  last4: string;
}

/// Posts a card straight to the vault (never to Ratecard's server): its token, or the vault's
/// coded error.
async function tokenize(vaultUrl: string, card: { number: string; exp_month: number; exp_year: number; cvc: string }):
  Promise<{ ok: true; card: VaultCard } | { ok: false; error: ApiError }> {
  let response: Response;
  try {
    response = await fetch(`${vaultUrl.replace(/\/$/, '')}/cards`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(card),
    });
  } catch (error) {
    return { ok: false, error: { code: 'NETWORK', message: `the card vault could not be reached (${String(error)})`, path: '' } };
  }
  const body = await response.json().catch(() => null);
  if (response.status === 201 && body?.token) return { ok: true, card: { token: body.token, brand: body.brand, last4: body.last4 } };
  return { ok: false, error: body?.error ?? { code: `HTTP_${response.status}`, message: `the vault answered ${response.status}`, path: '' } };
}

// "MM/YY" or "MM/YYYY" as the vault's month and four-digit year, or null.
function readExpiry(text: string): { exp_month: number; exp_year: number } | null {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(text);
  if (!match) return null;
  const year = match[2].length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  return { exp_month: Number(match[1]), exp_year: year };
}

/// A small card form: number, expiry and security code, posted to the vault at `vaultUrl`;
/// `onCard` gets the vault's token (the number never reaches Ratecard's server). `id` keeps
/// the labels of two forms on one page apart.
export function CardEntry({ id, vaultUrl, submitLabel, busy, onCard }: {
  id: string; vaultUrl: string; submitLabel: string; busy: boolean; onCard: (card: VaultCard) => Promise<void> | void;
}) {
  const [number, setNumber] = useState('');
  const [expiry, setExpiry] = useState('');
  const [cvc, setCvc] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    const parsed = readExpiry(expiry);
    if (!parsed) return setError({ code: 'INVALID_ARGUMENT', message: 'Enter the expiry as MM/YY.', path: '/expiry' });
    setSending(true);
    const outcome = await tokenize(vaultUrl, { number: number.replace(/[\s-]/g, ''), ...parsed, cvc: cvc.trim() });
    if (!outcome.ok) {
      setSending(false);
      return setError(outcome.error);
    }
    setNumber('');
    setCvc('');
    await onCard(outcome.card);
    setSending(false);
  }

  return (
    <form class="card-entry" onSubmit={submit}>
      <label for={`${id}-number`}>Card number</label>
      <input id={`${id}-number`} type="text" inputMode="numeric" autoComplete="cc-number" value={number} required
        onInput={(event) => setNumber((event.target as HTMLInputElement).value)} />
      <div class="card-row">
        <div>
          <label for={`${id}-expiry`}>Expiry (MM/YY)</label>
          <input id={`${id}-expiry`} type="text" inputMode="numeric" autoComplete="cc-exp" placeholder="MM/YY" value={expiry} required
            onInput={(event) => setExpiry((event.target as HTMLInputElement).value)} />
        </div>
        <div>
          <label for={`${id}-cvc`}>Security code</label>
          <input id={`${id}-cvc`} type="text" inputMode="numeric" autoComplete="cc-csc" value={cvc} required
            onInput={(event) => setCvc((event.target as HTMLInputElement).value)} />
        </div>
      </div>
      <div class="actions"><button type="submit" disabled={busy || sending}>{submitLabel}</button></div>
      {error && <ErrorNote error={error} title="The card was not accepted" />}
    </form>
  );
}
