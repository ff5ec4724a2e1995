import { money } from '../../format';
import type { Session } from '../session';
import { StatusBadge } from '../components/status-badge';
import { useResource, type List } from '../components/use-resource';
import type { ReceivedPayment, ReconciliationImport } from './types';

/// An import's result as the server stored it: the lines read, the duplicates skipped, the new
/// lines by status with the fees, and those lines (`GET /v1/reconciliation?import=<id>`, the first
/// 50) with what each pays.
export function ImportResult({ session, result }: { session: Session; result: ReconciliationImport }) {
  const lines = useResource<List<ReceivedPayment>>(session, `/v1/reconciliation?import=${encodeURIComponent(result.id)}&limit=50`);
  const { summary } = result;
  return (
    <div data-testid="import-result">
      <p role="status">
        Import <span class="hash">{result.id}</span>: {result.lines} lines read, {result.duplicates} already imported;
        {' '}{summary.matched} matched, {summary.partial} partly matched, {summary.over_payment} overpaid, {summary.unmatched} unmatched.
        {summary.fees.map((fee) => <span key={fee.currency}> Fees {money(fee.amount, fee.currency)}.</span>)}
      </p>
      {lines.value && lines.value.data.length > 0 && (
        <div class="table-scroll">
          <table>
            <caption>Lines of this import</caption>
            <thead><tr><th scope="col">Reference</th><th scope="col">Status</th><th scope="col" class="amount">Amount</th><th scope="col">Pays</th></tr></thead>
            <tbody>
              {lines.value.data.map((line) => (
                <tr key={line.id}>
                  <td class="hash">{line.reference ?? line.id}</td>
                  <td><StatusBadge status={line.status} /></td>
                  <td class="amount">{money(line.amount, line.currency)}</td>
                  <td>{line.applications.map((application) => application.number ?? application.invoice).join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
