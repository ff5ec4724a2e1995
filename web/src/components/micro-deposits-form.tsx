// The micro-deposit verification of a US bank account (the hosted invoice page, the portal's
// payment methods): the customer enters the two small amounts the account received, as the
// statement shows them (decimal strings, sent as typed), and the page posts them.
import { useState } from 'preact/hooks';

export function MicroDepositsForm({ id, last4, busy, onAmounts }: {
  id: string;
  last4: string;
  busy: boolean;
  onAmounts: (amounts: [string, string]) => Promise<void> | void;
}) {
  const [amounts, setAmounts] = useState<[string, string]>(['', '']);

  async function submit(event: Event) {
    event.preventDefault();
    await onAmounts([amounts[0].trim(), amounts[1].trim()]);
  }

  return (
    <form class="card-form" onSubmit={submit} data-testid={`${id}-form`}>
      <fieldset class="card-fields" disabled={busy}>
        <legend>Deposits to the account ending in {last4}</legend>
        {(['First', 'Second'] as const).map((label, index) => (
          <div key={label}>
            <label for={`${id}-${index}`}>{label} deposit (USD)</label>
            <input id={`${id}-${index}`} type="text" inputMode="decimal" placeholder="0.00" value={amounts[index]}
              onInput={(event) => {
                const next: [string, string] = [...amounts];
                next[index] = (event.target as HTMLInputElement).value;
                setAmounts(next);
              }} />
          </div>
        ))}
      </fieldset>
      <div class="actions">
        <button type="submit" disabled={busy || !amounts[0].trim() || !amounts[1].trim()}>Verify account</button>
      </div>
    </form>
  );
}
