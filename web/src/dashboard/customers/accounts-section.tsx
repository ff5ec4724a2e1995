import { date } from '../../format';
import type { Session } from '../session';
import { Section, EmptyRow } from '../components/section';
import { StatusBadge } from '../components/status-badge';
import { useResource, type List } from '../components/use-resource';
import type { Account, Customer } from './types';

/// The accounts provisioned for the customer in the provider's apps (targets).
export function AccountsSection({ session, customer }: { session: Session; customer: Customer }) {
  const accounts = useResource<List<Account>>(session, `/v1/customers/${encodeURIComponent(customer.id)}/accounts`);
  return (
    <Section id="accounts" title="Provisioned accounts" value={accounts.value} error={accounts.error}>
      {(list) => (
        <div class="table-scroll">
          <table>
            <thead><tr><th scope="col">Target</th><th scope="col">Status</th><th scope="col">Created</th></tr></thead>
            <tbody>
              {list.data.map((account) => (
                <tr key={account.id}>
                  <td class="hash">{account.target}</td>
                  <td><StatusBadge status={account.status} /></td>
                  <td>{date(account.created_at, customer.timezone)}</td>
                </tr>
              ))}
              {list.data.length === 0 && <EmptyRow columns={3} text="No provisioned account." />}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
