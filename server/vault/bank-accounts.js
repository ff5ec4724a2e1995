'use strict';
// What the vault checks of a US bank account before keeping it: the routing number (nine
// digits passing the ABA checksum) and the account number (4 to 17 digits).
const { CardError } = require('./cards');

const HOLDER_TYPES = ['individual', 'company'];

/// Checks { routing_number, account_number, account_holder_name, account_holder_type };
/// returns { routing_number, account_number, last4, holder_name, holder_type } or throws.
function checkBankAccount(account) {
  const routing = account.routing_number;
  if (!/^[0-9]{9}$/.test(routing)) throw new CardError('INVALID_ROUTING_NUMBER', 'must be 9 digits', '/routing_number');
  const weights = [3, 7, 1, 3, 7, 1, 3, 7, 1];
  const sum = weights.reduce((total, weight, i) => total + weight * (routing.charCodeAt(i) - 48), 0);
  if (sum % 10 !== 0) throw new CardError('INVALID_ROUTING_NUMBER', 'is not a routing number (it fails the ABA checksum)', '/routing_number');
  if (!/^[0-9]{4,17}$/.test(account.account_number)) throw new CardError('INVALID_ACCOUNT_NUMBER', 'must be 4 to 17 digits', '/account_number');
  const name = account.account_holder_name.trim();
  if (!name || name.length > 200) throw new CardError('INVALID_ARGUMENT', 'must be 1 to 200 characters', '/account_holder_name');
  if (!HOLDER_TYPES.includes(account.account_holder_type)) throw new CardError('INVALID_ARGUMENT', `must be one of ${HOLDER_TYPES.join(', ')}`, '/account_holder_type');
  return {
    routing_number: routing, account_number: account.account_number, last4: account.account_number.slice(-4),
    holder_name: name, holder_type: account.account_holder_type,
  };
}

module.exports = { checkBankAccount };
