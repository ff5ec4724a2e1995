import { dashboardHref } from '../routes';
import { orderHref } from '../orders/types';
import type { RunStep } from './types';

/// What a run's step did, in words: the order it placed links to its page among the
/// provisioning orders; other outputs are shown as the server gives them.
export function StepOutcome({ step }: { step: RunStep }) {
  const output = step.output;
  if (!output) return <>{step.last_error ?? '—'}</>;
  const { order, ...rest } = output;
  return (
    <>
      {typeof order === 'string' && <>Order <a class="hash" href={dashboardHref(orderHref(order))}>{order}</a></>}
      {Object.keys(rest).length > 0 && <code class="hash">{JSON.stringify(rest)}</code>}
      {step.last_error && <p class="small">{step.last_error}</p>}
    </>
  );
}
