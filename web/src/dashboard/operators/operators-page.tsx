import { useState } from 'preact/hooks';
import { date } from '../../format';
import { Shell } from '../shell';
import type { PageProps } from '../routes';
import { Section, EmptyRow } from '../components/section';
import { StatusBadge } from '../components/status-badge';
import { useResource, type List } from '../components/use-resource';
import { can } from '../session';
import { InviteForm } from './invite-form';
import { InvitationLink } from './invitation-link';
import type { OperatorRow } from './types';

/// The dashboard's operators (admins): who has an account, with which role, and the invitation
/// form, whose link is shown once.
export function OperatorsPage({ session }: PageProps) {
  const operators = useResource<List<OperatorRow>>(session, '/v1/operators?limit=100');
  const [invited, setInvited] = useState<{ email: string; link: string } | null>(null);

  return (
    <Shell session={session} title="Operators">
      {invited && <InvitationLink email={invited.email} link={invited.link} onDone={() => setInvited(null)} />}
      {can(session, 'operators:write') && (
        <InviteForm session={session} onInvited={(email, link) => { setInvited({ email, link }); operators.reload(); }} />
      )}
      <Section id="operator-list" title="Accounts" value={operators.value} error={operators.error}>
        {(list) => (
          <div class="table-scroll">
            <table>
              <thead><tr><th scope="col">Email</th><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Since</th></tr></thead>
              <tbody>
                {list.data.map((row) => (
                  <tr key={row.id}>
                    <td>{row.email}</td>
                    <td>{row.name ?? '—'}</td>
                    <td>{row.role}</td>
                    <td><StatusBadge status={row.status} />{row.status === 'invited' && <span class="small"> until {date(row.invitation_expires_at, null)}</span>}</td>
                    <td>{date(row.created_at, null)}</td>
                  </tr>
                ))}
                {list.data.length === 0 && <EmptyRow columns={5} text="No operator." />}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </Shell>
  );
}
