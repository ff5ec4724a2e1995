import { useEffect, useState } from 'preact/hooks';
import { api, type ApiError } from '../api';
import { ErrorNote, Loading } from '../components/layout';
import { ConfirmButton } from '../components/confirm-button';
import { CardForm } from '../components/card-form';
import { MicroDepositsForm } from '../components/micro-deposits-form';
import type { VaultCard } from '../payments/vault';
import { useAction } from './use-action';

/// A card or bank account on file (GET /v1/customers/:id/payment_methods).
interface PaymentMethod {
  id: string;
  type: 'card' | 'us_bank_account';
  card: { brand: string; last4: string; exp_month: number; exp_year: number } | null;
  bank_account: { last4: string; verification_status: 'pending' | 'verified' | 'failed' } | null;
  default: boolean;
}

const describe = (method: PaymentMethod) => (method.card
  ? `${method.card.brand} ending in ${method.card.last4}, expires ${method.card.exp_month}/${method.card.exp_year}`
  : `Bank account ending in ${method.bank_account?.last4 ?? ''}${method.bank_account?.verification_status === 'verified' ? '' : ` (${VERIFICATION[method.bank_account?.verification_status ?? 'pending']})`}`);

const VERIFICATION = { pending: 'awaiting its deposits', verified: 'verified', failed: 'verification failed' };

/// The customer's cards and bank accounts on file: add a card (posted to the vault by the page),
/// make one the default (the one invoices are charged to), remove one, and verify a bank
/// account awaiting its micro-deposits (verified, its open invoices are debited).
export function PaymentMethodsPanel({ customerId, token }: { customerId: string; token: string }) {
  const base = `/v1/customers/${customerId}/payment_methods`;
  const [methods, setMethods] = useState<PaymentMethod[] | null>(null);
  const [vaultUrl, setVaultUrl] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const action = useAction(token);

  async function load() {
    const outcome = await api<{ data: PaymentMethod[]; vault_url: string | null }>('GET', base, { token });
    if (!outcome.ok) return setLoadError(outcome.error);
    setMethods(outcome.value.data);
    setVaultUrl(outcome.value.vault_url);
  }
  useEffect(() => {
    load();
  }, [customerId]);

  async function add(card: VaultCard) {
    if (await action.run<PaymentMethod>('POST', base, { vault_token: card.token }, (method) => `Added ${describe(method)}.`)) await load();
  }
  async function makeDefault(method: PaymentMethod) {
    if (await action.run<PaymentMethod>('POST', `${base}/${method.id}/default`, undefined, () => `${describe(method)} is now your default.`)) await load();
  }
  async function verify(method: PaymentMethod, amounts: [string, string]) {
    if (await action.run<PaymentMethod>('POST', `${base}/${method.id}/verify`, { amounts }, () => `${describe({ ...method, bank_account: { last4: method.bank_account!.last4, verification_status: 'verified' } })} is verified.`)) await load();
  }
  async function remove(method: PaymentMethod) {
    if (await action.run<PaymentMethod>('DELETE', `${base}/${method.id}`, undefined, () => `Removed ${describe(method)}.`)) await load();
  }

  return (
    <section class="panel" aria-labelledby="methods-title">
      <h2 id="methods-title">Payment methods</h2>
      {loadError && <ErrorNote error={loadError} />}
      {!methods && !loadError && <Loading what="your payment methods" />}
      {methods && methods.length === 0 && <p>No card on file.</p>}
      {methods && methods.length > 0 && (
        <ul class="rows" data-testid="payment-methods">
          {methods.map((method) => (
            <li key={method.id} data-method={method.id}>
              <span>{describe(method)}</span>{method.default && <strong> · default</strong>}
              <div class="actions">
                {!method.default && (
                  <button type="button" class="secondary" disabled={action.busy} onClick={() => makeDefault(method)}
                    aria-label={`Make ${describe(method)} the default`}>Make default</button>
                )}
                <ConfirmButton label="Remove" question={`Remove ${describe(method)}?`} confirmLabel="Remove it"
                  disabled={action.busy} onConfirm={() => remove(method)} />
              </div>
              {method.bank_account?.verification_status === 'pending' && (
                <MicroDepositsForm id={`verify-${method.id}`} last4={method.bank_account.last4} busy={action.busy} onAmounts={(amounts) => verify(method, amounts)} />
              )}
            </li>
          ))}
        </ul>
      )}
      <div aria-live="polite">{action.notice && <p class="success" role="status">{action.notice}</p>}</div>
      {action.error && <ErrorNote error={action.error} title="That did not work" />}
      {vaultUrl && (
        <>
          <h3>Add a card</h3>
          <CardForm id="portal-card" vaultUrl={vaultUrl} legend="New card" submitLabel="Add card" busy={action.busy} onCard={add} />
        </>
      )}
    </section>
  );
}
