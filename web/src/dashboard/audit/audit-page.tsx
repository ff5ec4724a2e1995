import { useState } from 'preact/hooks';
import { dateTime } from '../../format';
import { Shell } from '../shell';
import type { PageProps } from '../routes';
import { Section, EmptyRow } from '../components/section';
import { StatusBadge } from '../components/status-badge';
import { useResource, type List } from '../components/use-resource';
import { can } from '../session';
import { NextPageButton } from '../components/next-page';

interface AuditEntry {
  id: string;
  created_at: string;
  actor: { kind: string; credential_prefix: string | null; api_key: string | null; role: string | null; operator: string | null; portal_customer: string | null; sign_in_email?: string | null };
  action: { method: string; path: string; operation_id: string | null };
  target: { type: string | null; id: string | null };
  outcome: string;
  status: number | null;
  error_code: string | null;
}

const OUTCOMES = ['started', 'succeeded', 'refused', 'failed'];

/// The audit log, newest first: who (an operator, an API key, a portal session), what, on which
/// object, and how it ended; narrowed by outcome.
export function AuditPage({ session }: PageProps) {
  const [outcome, setOutcome] = useState('');
  const [cursor, setCursor] = useState<string | null>(null);
  const query = new URLSearchParams({ limit: '50' });
  if (outcome) query.set('outcome', outcome);
  if (cursor) query.set('cursor', cursor);
  const entries = useResource<List<AuditEntry>>(session, `/v1/audit_log?${query}`);
  // Operators by email rather than id (the audit log and the operators are both admin reading).
  const operators = useResource<List<{ id: string; email: string }>>(session, can(session, 'operators:read') ? '/v1/operators?limit=100' : null);
  const emails = new Map((operators.value?.data ?? []).map((operator) => [operator.id, operator.email]));

  return (
    <Shell session={session} title="Audit log">
      <div class="inline">
        <label for="outcome">Outcome</label>
        <select id="outcome" value={outcome} onChange={(e) => { setCursor(null); setOutcome(e.currentTarget.value); }}>
          <option value="">Any</option>
          {OUTCOMES.map((name) => <option key={name} value={name}>{name}</option>)}
        </select>
      </div>
      <Section id="entries" title="Entries" value={entries.value} error={entries.error}>
        {(list) => (
          <>
            <div class="table-scroll">
              <table>
                <thead><tr><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Object</th><th scope="col">Outcome</th></tr></thead>
                <tbody>
                  {list.data.map((entry) => (
                    <tr key={entry.id}>
                      <td>{dateTime(entry.created_at, null)}</td>
                      <td>{actorText(entry.actor, emails)}</td>
                      <td><code>{entry.action.method} {entry.action.path}</code></td>
                      <td class="hash">{entry.target.id ? `${entry.target.type ?? ''} ${entry.target.id}`.trim() : '—'}</td>
                      <td><StatusBadge status={entry.outcome} /> <span class="small">{entry.status}{entry.error_code ? ` ${entry.error_code}` : ''}</span></td>
                    </tr>
                  ))}
                  {list.data.length === 0 && <EmptyRow columns={5} text="No entry." />}
                </tbody>
              </table>
            </div>
            <NextPageButton list={list} onNext={setCursor} />
          </>
        )}
      </Section>
    </Shell>
  );
}

function actorText(actor: AuditEntry['actor'], emails: Map<string, string>): string {
  const role = actor.role ? ` (${actor.role})` : '';
  switch (actor.kind) {
    case 'operator': return `operator ${(actor.operator && emails.get(actor.operator)) ?? actor.operator}${role}`;
    case 'api_key': return `API key ${actor.credential_prefix ?? actor.api_key}${role}`;
    case 'portal_session': return `portal of ${actor.portal_customer}`;
    case 'publishable_key': return `publishable key ${actor.credential_prefix ?? ''}`;
    default: return actor.sign_in_email ? `${actor.kind}, signing in as ${actor.sign_in_email}` : actor.kind;
  }
}
