import { Shell } from '../shell';
import type { PageProps } from '../routes';
import { RunProgress } from './run-progress';

/// One billing run, read every second while it is queued or running.
export function BillingRunPage({ session, params }: PageProps) {
  return (
    <Shell session={session} title="Billing run">
      <RunProgress session={session} id={params.id} />
    </Shell>
  );
}
