// Amounts and dates as people read them: Intl.NumberFormat for the currency in the browser's
// locale, fed the core's decimal strings as they are (never through a float), and dates in the
// customer's billing zone.

const locale = typeof navigator === 'undefined' ? 'en-US' : navigator.language || 'en-US';

export function money(amount: string | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) return '—';
  // A decimal string is formatted exactly (Intl.NumberFormat v3); no rounding: the core's
  // amounts already have the currency's minor unit.
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 4 });
  return format.format(amount as Intl.StringNumericLiteral);
}

function zoneOrUtc(timeZone: string | null | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

export function date(instant: string | null | undefined, timeZone: string | null | undefined): string {
  if (!instant) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: zoneOrUtc(timeZone) }).format(new Date(instant));
}

export function dateTime(instant: string | null | undefined, timeZone: string | null | undefined): string {
  if (!instant) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: zoneOrUtc(timeZone) }).format(new Date(instant));
}

export function quantity(value: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 12 }).format(value as Intl.StringNumericLiteral);
}

export function interval(count: number, unit: string): string {
  return count === 1 ? `every ${unit}` : `every ${count} ${unit}s`;
}
