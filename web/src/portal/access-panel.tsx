import { useEffect, useState } from 'preact/hooks';
import { api, type ApiError } from '../api';
import { quantity as formatQuantity } from '../format';
import { ErrorNote, Loading } from '../components/layout';
import type { Feature } from './account-types';

/// What the customer's plan gives: the core's entitlements, decided now by the server.
export function AccessPanel({ customerId, token }: { customerId: string; token: string }) {
  const [features, setFeatures] = useState<Feature[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    api<{ features: Feature[] }>('GET', `/v1/customers/${customerId}/entitlements`, { token }).then((outcome) => {
      if (outcome.ok) setFeatures(outcome.value.features);
      else setError(outcome.error);
    });
  }, [customerId]);

  return (
    <section class="panel" aria-labelledby="access-title">
      <h2 id="access-title">What your plan includes</h2>
      {error && <ErrorNote error={error} />}
      {!features && !error && <Loading what="your plan's features" />}
      {features && features.length === 0 && <p>Your plan defines no features.</p>}
      {features && features.length > 0 && (
        <ul data-testid="features">
          {features.map((feature) => (
            <li key={feature.feature}><strong>{feature.feature}</strong>: {describe(feature)}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function describe(feature: Feature): string {
  if (!feature.has_access) return 'not included';
  if (feature.kind === 'boolean') return 'included';
  if (feature.limit === null) return 'unlimited';
  const used = feature.usage === null ? '' : `, ${formatQuantity(feature.usage)} used`;
  return `up to ${formatQuantity(feature.limit)}${used}`;
}
