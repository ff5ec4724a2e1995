import { useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { ErrorNote } from '../../components/layout';
import { ConfirmButton } from '../../components/confirm-button';
import { date } from '../../format';
import { Shell } from '../shell';
import type { PageProps } from '../routes';
import { Section, EmptyRow } from '../components/section';
import { StatusBadge } from '../components/status-badge';
import { useResource, type List } from '../components/use-resource';
import { call, can } from '../session';
import { InviteForm } from './invite-form';
import { InvitationLink } from './invitation-link';
import { RoleSelect } from './role-select';
import type { OperatorRow } from './types';

/// The dashboard's operators (admins): who has an account, with which role (changed in place),
/// the invitation form, whose link is shown once, and Disable (for good) for every other operator.
export function OperatorsPage({ session }: PageProps) {
  const operators = useResource<List<OperatorRow>>(session, '/v1/operators?limit=100');
  const [invited, setInvited] = useState<{ email: string; link: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mayWrite = can(session, 'operators:write');

  async function disable(row: OperatorRow) {
    setBusy(true);
    setError(null);
    const outcome = await call<OperatorRow>(session, 'POST', `/v1/operators/${encodeURIComponent(row.id)}/disable`, {});
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    setNotice(`${row.email} is disabled.`);
    operators.reload();
  }

  async function changeRole(row: OperatorRow, role: string) {
    setBusy(true);
    setError(null);
    setNotice(null);
    const outcome = await call<OperatorRow>(session, 'PATCH', `/v1/operators/${encodeURIComponent(row.id)}`, { role });
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    // One's own new role changes what the dashboard shows: read the session again.
    if (row.id === session.operator.id) return window.location.reload();
    setNotice(`${row.email} is now ${outcome.value.role}.`);
    operators.reload();
  }

  return (
    <Shell session={session} title="Operators">
      {invited && <InvitationLink email={invited.email} link={invited.link} onDone={() => setInvited(null)} />}
      {mayWrite && (
        <InviteForm session={session} onInvited={(email, link) => { setInvited({ email, link }); operators.reload(); }} />
      )}
      <p role="status" aria-live="polite" class={notice ? 'success' : undefined}>{notice}</p>
      {error && <ErrorNote error={error} title="Not changed" />}
      <Section id="operator-list" title="Accounts" value={operators.value} error={operators.error}>
        {(list) => (
          <div class="table-scroll">
            <table>
              <thead><tr><th scope="col">Email</th><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Since</th>{mayWrite && <th scope="col">Access</th>}</tr></thead>
              <tbody>
                {list.data.map((row) => (
                  <tr key={row.id}>
                    <td>{row.email}</td>
                    <td>{row.name ?? '—'}</td>
                    <td>{mayWrite && row.status !== 'disabled'
                      ? <RoleSelect row={row} disabled={busy} onChange={(role) => changeRole(row, role)} />
                      : row.role}</td>
                    <td><StatusBadge status={row.status} />{row.status === 'invited' && <span class="small"> until {date(row.invitation_expires_at, null)}</span>}</td>
                    <td>{date(row.created_at, null)}</td>
                    {mayWrite && (
                      <td>
                        {row.status !== 'disabled' && row.id !== session.operator.id && (
                          <ConfirmButton label={`Disable ${row.email}`} question={`Disable ${row.email} for good?`} confirmLabel="Disable"
                            disabled={busy} onConfirm={() => disable(row)} />
                        )}
                      </td>
                    )}
                  </tr>
                ))}
                {list.data.length === 0 && <EmptyRow columns={mayWrite ? 6 : 5} text="No operator." />}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </Shell>
  );
}
