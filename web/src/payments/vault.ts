// The card vault and the gateway's 3-D Secure step, called straight from the browser: card and
// bank account details go to the vault only (never to Ratecard's server), which answers a token.
import { api, type ApiResult } from '../api';

/// The vault's body for a card (POST <vault>/cards).
export interface CardDetails {
  number: string;
  exp_month: number;
  exp_year: number;
  cvc: string;
}

/// What the vault answers for a card: its token and description, never the number.
export interface VaultCard {
  token: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  country: string | null;
}

/// Posts a card to the vault at `vaultUrl`; its errors carry the field's path (/number, /cvc…).
export function postCardToVault(vaultUrl: string, card: CardDetails): Promise<ApiResult<VaultCard>> {
  return api<VaultCard>('POST', new URL('/cards', vaultUrl).href, { body: card });
}

/// The vault's body for a US bank account (POST <vault>/bank_accounts).
export interface BankAccountDetails {
  routing_number: string;
  account_number: string;
  account_holder_name: string;
  account_holder_type: 'individual' | 'company';
}

/// What the vault answers for a bank account: its token and last four digits, never the number.
export interface VaultBankAccount {
  token: string;
  routing_number: string;
  last4: string;
}

/// Posts a US bank account to the vault at `vaultUrl`; its errors carry the field's path
/// (/routing_number, /account_number…).
export function postBankAccountToVault(vaultUrl: string, account: BankAccountDetails): Promise<ApiResult<VaultBankAccount>> {
  return api<VaultBankAccount>('POST', new URL('/bank_accounts', vaultUrl).href, { body: account });
}

/// Answers the 3-D Secure step the gateway offered (the payment's next_action.url).
export function answerThreeDSecure(url: string, result: 'pass' | 'fail'): Promise<ApiResult<unknown>> {
  return api('POST', url, { body: { result } });
}
