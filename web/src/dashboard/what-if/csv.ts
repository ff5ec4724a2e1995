// The what-if result as CSV: one row per customer, amounts as the core writes money.
import type { Changes } from './changes';
import { moneyText } from './changes';

const cell = (text: string): string => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export function changesCsv(changes: Changes, currency: string): string {
  const lines = ['customer,subscriptions,quantities,currency,old_amount,new_amount,change'];
  for (const row of changes.customers) {
    lines.push([row.customer, row.subscriptions.join(' '), row.quantities.join(' '), currency,
      moneyText(row.old, changes.digits), moneyText(row.next, changes.digits), moneyText(row.change, changes.digits)].map(cell).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/// Offers `text` as a download named `name` (a Blob URL, no server round trip).
export function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
