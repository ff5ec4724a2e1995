// The change per customer as a table: sortable by each column (aria-sort), 50 rows a page.
import { useMemo, useState } from 'preact/hooks';
import { money } from '../../format';
import { compareUnits } from './decimal';
import { moneyText, type CustomerChange } from './changes';

const PAGE = 50;
type Column = 'customer' | 'old' | 'next' | 'change';
const LABELS: Record<Column, string> = { customer: 'Customer', old: 'Now', next: 'Edited', change: 'Change' };

/// `caption` says what the amounts are (default: a price's line).
export function ChangesTable({ rows, digits, currency, caption = "Per customer, the changed price's line at last period's quantity" }: {
  rows: CustomerChange[]; digits: number; currency: string; caption?: string;
}) {
  const [sort, setSort] = useState<{ column: Column; descending: boolean }>({ column: 'change', descending: true });
  const [page, setPage] = useState(0);
  const sorted = useMemo(() => {
    const { column, descending } = sort;
    const order = column === 'customer'
      ? (a: CustomerChange, b: CustomerChange) => (a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : 0)
      : (a: CustomerChange, b: CustomerChange) => compareUnits(a[column], b[column]) || (a.customer < b.customer ? -1 : 1);
    const list = [...rows].sort(order);
    return descending ? list.reverse() : list;
  }, [rows, sort]);
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE));
  const current = Math.min(page, pages - 1);
  const shown = sorted.slice(current * PAGE, (current + 1) * PAGE);
  const sortBy = (column: Column) => {
    setSort((before) => ({ column, descending: before.column === column ? !before.descending : column !== 'customer' }));
    setPage(0);
  };
  const header = (column: Column) => (
    <th scope="col" class={column === 'customer' ? '' : 'amount'}
      aria-sort={sort.column === column ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" class="sort" onClick={() => sortBy(column)}>{LABELS[column]}</button>
    </th>
  );
  return (
    <div class="what-if-table">
      <div class="table-scroll">
        <table>
          <caption class="small">{caption}</caption>
          <thead><tr>{header('customer')}<th scope="col" class="amount">Quantity</th>{header('old')}{header('next')}{header('change')}</tr></thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.customer} data-customer={row.customer} data-change={moneyText(row.change, digits)}>
                <td>{row.customer}</td>
                <td class="amount">{row.quantities.join(', ')}</td>
                <td class="amount">{money(moneyText(row.old, digits), currency)}</td>
                <td class="amount">{money(moneyText(row.next, digits), currency)}</td>
                <td class="amount">{money(moneyText(row.change, digits), currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav class="actions" aria-label="Pages of customers">
        <button type="button" class="secondary" disabled={current === 0} onClick={() => setPage(current - 1)}>Previous</button>
        <span class="small" aria-live="polite">Page {current + 1} of {pages} ({sorted.length} customers)</span>
        <button type="button" class="secondary" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>Next</button>
      </nav>
    </div>
  );
}
