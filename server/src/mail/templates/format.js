'use strict';

/// Formatting of template values for one locale. Money keeps every digit it is given (amounts
/// come from the core already at the currency's minor unit; formatting never rounds), through
/// Intl's exact decimal-string formatting: no floating point touches an amount.
function formatterFor(locale, timeZone = 'UTC') {
  return {
    locale,
    /// "1234.50" EUR in fr → "1 234,50 €".
    money(amount, currency) {
      const digits = (String(amount).split('.')[1] || '').length;
      return new Intl.NumberFormat(locale, {
        style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits,
      }).format(String(amount));
    },
    /// An instant as a long date in the customer's time zone ("March 3, 2026", "3 mars 2026").
    date(instant) {
      return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(new Date(instant));
    },
    /// An instant with its time ("March 3, 2026 at 2:05:00 PM UTC").
    dateTime(instant) {
      return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'long', timeZone })
        .format(new Date(instant));
    },
  };
}

module.exports = { formatterFor };
