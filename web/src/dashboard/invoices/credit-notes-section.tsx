import { date, money } from '../../format';
import { EmptyRow, Section } from '../components/section';
import type { List } from '../components/use-resource';
import type { ApiError } from '../../api';
import { creditNotePdfHref, type CreditNote } from './types';

/// The credit notes of an invoice: number, date, reason, what each credits (refunded and to
/// the customer's balance) as the server computed it, and its PDF.
export function CreditNotesSection({ notes, error }: { notes: List<CreditNote> | null; error: ApiError | null }) {
  return (
    <Section id="credit-notes" title="Credit notes" value={notes} error={error}>
      {(list) => (
        <div class="table-scroll">
          <table>
            <thead>
              <tr><th scope="col">Number</th><th scope="col">Issued</th><th scope="col">Reason</th><th scope="col">Credited</th><th scope="col">Refund</th><th scope="col">To balance</th><th scope="col">PDF</th></tr>
            </thead>
            <tbody>
              {list.data.map((note) => (
                <tr key={note.id}>
                  <td>{note.number}</td>
                  <td>{date(note.created_at, null)}</td>
                  <td>{note.reason.replace(/_/g, ' ')}</td>
                  <td>{money(note.amount, note.currency)}</td>
                  <td>{money(note.refund_amount, note.currency)}</td>
                  <td>{money(note.credit_amount, note.currency)}</td>
                  <td><a href={creditNotePdfHref(note)} aria-label={`PDF of ${note.number}`}>PDF</a></td>
                </tr>
              ))}
              {list.data.length === 0 && <EmptyRow columns={7} text="No credit note." />}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
