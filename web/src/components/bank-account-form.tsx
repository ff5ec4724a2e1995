// The US bank account entry of the checkout (`BankAccountFields`, controlled by the page) and
// `tokenizeBankAccount`, which posts the account to the vault: the page then sends only the
// vault's token to Ratecard's server, with the buyer's acceptance of the debit authorization.
import type { ApiError, ApiResult } from '../api';
import { postBankAccountToVault, type VaultBankAccount } from '../payments/vault';

/// The fields as typed, and whether the debit authorization is accepted.
export interface BankAccountInput {
  holder: string;
  routing: string;
  account: string;
  authorized: boolean;
}

export const EMPTY_BANK_ACCOUNT: BankAccountInput = { holder: '', routing: '', account: '', authorized: false };

/// Whether every field is filled and the authorization accepted (the submit button waits for that).
export const bankAccountFilled = (value: BankAccountInput) => Boolean(value.holder.trim() && value.routing.trim() && value.account.trim() && value.authorized);

// The vault's paths read as the fields'.
const FIELD_OF: Record<string, keyof BankAccountInput> = { '/account_holder_name': 'holder', '/routing_number': 'routing', '/account_number': 'account' };

/// Posts the account to the vault at `vaultUrl`: the vault's token, or an error whose path
/// names the field (/holder, /routing, /account).
export async function tokenizeBankAccount(vaultUrl: string, value: BankAccountInput): Promise<ApiResult<VaultBankAccount>> {
  const outcome = await postBankAccountToVault(vaultUrl, {
    routing_number: value.routing.replace(/\s/g, ''), account_number: value.account.replace(/\s/g, ''),
    account_holder_name: value.holder.trim(), account_holder_type: 'individual',
  });
  if (outcome.ok || !FIELD_OF[outcome.error.path]) return outcome;
  return { ...outcome, error: { ...outcome.error, path: `/${FIELD_OF[outcome.error.path]}` } };
}

const FIELDS: { name: 'holder' | 'routing' | 'account'; label: string; autoComplete: string; inputMode: 'numeric' | 'text' }[] = [
  { name: 'holder', label: 'Account holder name', autoComplete: 'name', inputMode: 'text' },
  { name: 'routing', label: 'Routing number', autoComplete: 'off', inputMode: 'numeric' },
  { name: 'account', label: 'Account number', autoComplete: 'off', inputMode: 'numeric' },
];

/// The account's fields and the debit authorization in a fieldset. `error`: the vault's, shown
/// at its field (or below the fields when it names none).
export function BankAccountFields({ value, onChange, error = null, disabled = false, id = 'bank' }: {
  value: BankAccountInput;
  onChange: (value: BankAccountInput) => void;
  error?: ApiError | null;
  disabled?: boolean;
  id?: string;
}) {
  const at = (name: string) => (error && error.path === `/${name}` ? error : null);
  const elsewhere = error && !FIELDS.some((field) => error.path === `/${field.name}`) ? error : null;
  return (
    <fieldset class="card-fields" disabled={disabled}>
      <legend>US bank account</legend>
      {FIELDS.map((field) => (
        <div key={field.name}>
          <label for={`${id}-${field.name}`}>{field.label}</label>
          <input id={`${id}-${field.name}`} type="text" autoComplete={field.autoComplete} inputMode={field.inputMode} value={value[field.name]}
            aria-invalid={at(field.name) ? 'true' : 'false'} aria-describedby={at(field.name) ? `${id}-${field.name}-error` : undefined}
            onInput={(event) => onChange({ ...value, [field.name]: (event.target as HTMLInputElement).value })} />
          {at(field.name) && <p class="hint field-error" id={`${id}-${field.name}-error`} role="alert">{at(field.name)!.message}</p>}
        </div>
      ))}
      {elsewhere && <p class="hint field-error" role="alert">{elsewhere.message}</p>}
      <div class="check">
        <input type="checkbox" id={`${id}-authorized`} checked={value.authorized}
          onChange={(event) => onChange({ ...value, authorized: (event.target as HTMLInputElement).checked })} />
        <label for={`${id}-authorized`}>I authorize debits from this account for this subscription's invoices.</label>
      </div>
      <p class="hint">
        The account goes straight to the vault. Two small deposits reach it in one or two business days: enter them on your
        invoice's page or in your portal to verify the account, and the first invoice is then debited.
      </p>
    </fieldset>
  );
}
