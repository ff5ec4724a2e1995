import { quantity } from '../../format';
import type { Session } from '../session';
import { Section, EmptyRow } from '../components/section';
import { useResource } from '../components/use-resource';
import type { Customer, Entitlements } from './types';

/// What the customer may use now, feature by feature, as the server decides it.
export function EntitlementsSection({ session, customer }: { session: Session; customer: Customer }) {
  const entitlements = useResource<Entitlements>(session, `/v1/customers/${encodeURIComponent(customer.id)}/entitlements`);
  return (
    <Section id="entitlements" title="Entitlements" value={entitlements.value} error={entitlements.error}>
      {(value) => (
        <>
          <p>{value.access ? 'Has access.' : `No access${value.reason ? ` (${value.reason.replace(/_/g, ' ')})` : ''}.`}</p>
          <div class="table-scroll">
            <table>
              <thead><tr><th scope="col">Feature</th><th scope="col">Access</th><th scope="col" class="amount">Used</th><th scope="col" class="amount">Limit</th></tr></thead>
              <tbody>
                {value.features.map((feature) => (
                  <tr key={feature.feature}>
                    <td>{feature.feature}</td>
                    <td>{feature.has_access ? 'yes' : `no${feature.reason ? ` (${feature.reason.replace(/_/g, ' ')})` : ''}`}</td>
                    <td class="amount">{feature.usage === null ? '—' : quantity(feature.usage)}</td>
                    <td class="amount">{feature.kind === 'boolean' || feature.kind === null ? '—' : feature.limit === null ? 'unlimited' : quantity(feature.limit)}</td>
                  </tr>
                ))}
                {value.features.length === 0 && <EmptyRow columns={4} text="No feature." />}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Section>
  );
}

