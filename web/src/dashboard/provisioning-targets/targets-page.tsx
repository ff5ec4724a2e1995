import { useEffect, useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { ErrorNote } from '../../components/layout';
import { dateTime } from '../../format';
import { Shell } from '../shell';
import type { PageProps } from '../routes';
import { Section, EmptyRow } from '../components/section';
import { StatusBadge } from '../components/status-badge';
import { useResource, type List } from '../components/use-resource';
import { call } from '../session';

interface Target {
  id: string;
  name: string;
  base_url: string;
}

interface TargetHealth {
  target: string;
  healthy: boolean;
  error: string | null;
  checked_at: string;
  accounts: Record<string, number>;
}

type Check = { health: TargetHealth } | { error: ApiError };

/// The provisioning targets (read-only): each one's health checked now by the server (its
/// signed GET /health) and its accounts by status; "Check again" asks anew.
export function ProvisioningTargetsPage({ session }: PageProps) {
  const targets = useResource<List<Target>>(session, '/v1/provisioning_targets');
  const [checks, setChecks] = useState<Record<string, Check>>({});
  const [round, setRound] = useState(0);

  useEffect(() => {
    const list = targets.value?.data;
    if (!list) return;
    let current = true;
    setChecks({});
    Promise.all(list.map(async (target) => {
      const outcome = await call<TargetHealth>(session, 'GET', `/v1/provisioning_targets/${encodeURIComponent(target.id)}/health`);
      return [target.id, outcome.ok ? { health: outcome.value } : { error: outcome.error }] as const;
    })).then((results) => {
      if (current) setChecks(Object.fromEntries(results));
    });
    return () => {
      current = false;
    };
  }, [targets.value, round]);

  const checked = targets.value !== null && Object.keys(checks).length === targets.value.data.length;

  return (
    <Shell session={session} title="Provisioning targets">
      <Section id="target-list" title="Targets" value={targets.value} error={targets.error}>
        {(list) => (
          <>
            <div class="table-scroll">
              <table>
                <thead><tr><th scope="col">Name</th><th scope="col">Base URL</th><th scope="col">Health</th><th scope="col">Accounts</th><th scope="col">Checked</th></tr></thead>
                <tbody>
                  {list.data.map((target) => {
                    const check = checks[target.id];
                    const health = check && 'health' in check ? check.health : null;
                    return (
                      <tr key={target.id}>
                        <td>{target.name}</td>
                        <td class="target-url">{target.base_url}</td>
                        <td>
                          {!check && 'Checking…'}
                          {check && 'error' in check && <ErrorNote error={check.error} title="Not checked" />}
                          {health && <StatusBadge status={health.healthy ? 'healthy' : 'unhealthy'} />}
                          {health?.error && <span class="small"> {health.error}</span>}
                        </td>
                        <td>{health ? Object.entries(health.accounts).map(([status, count]) => `${count} ${status}`).join(', ') || 'none' : '—'}</td>
                        <td>{health ? dateTime(health.checked_at, null) : '—'}</td>
                      </tr>
                    );
                  })}
                  {list.data.length === 0 && <EmptyRow columns={5} text="No provisioning target is registered." />}
                </tbody>
              </table>
            </div>
            {list.data.length > 0 && (
              <div class="actions"><button type="button" class="secondary" disabled={!checked} onClick={() => setRound((n) => n + 1)}>Check again</button></div>
            )}
          </>
        )}
      </Section>
    </Shell>
  );
}
