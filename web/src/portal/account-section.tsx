import { useEffect, useState } from 'preact/hooks';
import { api, type ApiError } from '../api';
import { ErrorNote } from '../components/layout';
import type { Subscription } from './types';
import { SEAT_FEATURE, type Account, type Feature } from './account-types';
import { AccessKeysPanel } from './access-keys-panel';
import { TeamPanel } from './team-panel';

interface Loaded {
  account: Account | null;
  features: Feature[];
  /// Whether the plan counts seats now (it has the seat feature and the customer holds access).
  seatsApply: boolean;
}

/// The customer's provisioned account, when the provider has made one: the team panel and the
/// access keys panel. Nothing shows before an activation (the account list is empty).
export function AccountSection({ customerId, token, zone, quantity, onBilled }: {
  customerId: string; token: string; zone: string; quantity: string; onBilled: (subscription: Subscription) => void;
}) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    Promise.all([
      api<{ data: Account[] }>('GET', `/v1/customers/${customerId}/accounts`, { token }),
      api<{ access: boolean; features: Feature[] }>('GET', `/v1/customers/${customerId}/entitlements`, { token }),
    ]).then(([accounts, entitlements]) => {
      if (!accounts.ok) return setError(accounts.error);
      if (!entitlements.ok) return setError(entitlements.error);
      const { access, features } = entitlements.value;
      setLoaded({
        account: accounts.value.data[0] ?? null, features,
        seatsApply: access && features.some((feature) => feature.feature === SEAT_FEATURE),
      });
    });
  }, [customerId]);

  if (error) return <section class="panel" aria-label="Team and access keys"><ErrorNote error={error} title="Your account could not be read" /></section>;
  if (!loaded || !loaded.account) return null;
  if (loaded.account.status === 'deprovisioned') {
    return <section class="panel" aria-labelledby="team-title"><h2 id="team-title">Team</h2><p>Your account was closed.</p></section>;
  }
  const scopes = loaded.features.map((feature) => feature.feature).filter((key) => key !== SEAT_FEATURE);
  return (
    <>
      <TeamPanel customerId={customerId} token={token} seatsApply={loaded.seatsApply} quantity={quantity} onBilled={onBilled} />
      <AccessKeysPanel customerId={customerId} token={token} zone={zone} features={scopes} />
    </>
  );
}
