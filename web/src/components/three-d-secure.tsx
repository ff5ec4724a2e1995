// The 3-D Secure step a gateway asks for (a payment's next_action): the cardholder confirms or
// refuses the payment, and the answer goes straight to the gateway's URL. The page then asks
// Ratecard's server to go on with the payment (`onAnswered`).
import { useState } from 'preact/hooks';
import type { ApiError } from '../api';
import { money } from '../format';
import { answerThreeDSecure } from '../payments/vault';
import { ErrorNote } from './layout';

export function ThreeDSecureStep({ url, amount, currency, last4, onAnswered }: {
  url: string;
  amount: string;
  currency: string;
  last4: string | null;
  onAnswered: () => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function answer(result: 'pass' | 'fail') {
    setBusy(true);
    setError(null);
    const outcome = await answerThreeDSecure(url, result);
    if (!outcome.ok) {
      setBusy(false);
      return setError(outcome.error);
    }
    await onAnswered();
    setBusy(false);
  }

  return (
    <section class="panel challenge" aria-labelledby="challenge-title" data-testid="three-d-secure">
      <h2 id="challenge-title">Confirm with your bank</h2>
      <p>
        Your bank asks you to confirm a payment of <strong>{money(amount, currency)}</strong>
        {last4 ? ` with the card ending ${last4}` : ''}.
      </p>
      <p class="small">This step is your bank's (3-D Secure); your answer goes to it directly.</p>
      {error && <ErrorNote error={error} title="Your bank could not be reached" />}
      <div class="actions">
        <button type="button" disabled={busy} onClick={() => answer('pass')}>Confirm payment</button>
        <button type="button" class="secondary" disabled={busy} onClick={() => answer('fail')}>Cancel payment</button>
      </div>
    </section>
  );
}
