// A typed use of the package, checked by `tsc --noEmit -p tests/types` in npm test: what must
// compile does, and each `@ts-expect-error` line proves the declarations refuse a mistake.
import { BillingError, createRatecard } from 'ratecard';
import type { Backend, Envelope, PriceLine, PriceResult, Ratecard } from 'ratecard';

const seats = {
  model: 'volume',
  tiers: [
    { up_to: 10, unit_amount: '12' },
    { up_to: null, unit_amount: '10', flat_amount: '20' },
  ],
} as const;

export async function quoteSeats(quantity: string): Promise<string> {
  const rc: Ratecard = await createRatecard({ backend: 'auto' });
  const backend: Backend = rc.backend;

  const result: PriceResult = rc.price({ currency: 'USD', price: { ...seats, tiers: [...seats.tiers] }, quantity, rounding: 'half_even' });
  const tierLines = result.lines.filter((line): line is Extract<PriceLine, { kind: 'tier' }> => line.kind === 'tier');
  const firstTier: number | undefined = tierLines[0]?.tier_index;

  const text: string = rc.evaluateJson('{"op":"price","currency":"JPY","price":{"model":"flat","amount":"1500"}}');
  const sameText: string = await rc.evaluateJsonAsync(text);

  const envelope = rc.evaluate({ op: 'price', currency: 'EUR', price: { model: 'flat', amount: '29' } });
  const total: string = envelope.ok ? envelope.result.amount : `${envelope.error.code} at ${envelope.error.path}`;
  const later: Envelope<PriceResult> = await rc.evaluateAsync({ op: 'price', currency: 'EUR', price: { model: 'flat', amount: '29' } });

  const periods: Record<string, unknown> = rc.periods({ start: '2026-01-31T14:30:00Z', interval: 'month', count: 3 });

  const answers: Envelope[] = rc.batch([
    { op: 'price', currency: 'GBP', price: { model: 'per_unit', unit_amount: '0.5' }, quantity: 7 },
    { op: 'some_future_op', anything: true },
  ]);

  try {
    rc.run({ op: 'price', currency: 'USD', price: { model: 'per_unit', unit_amount: '1' }, quantity: '-1' });
  } catch (error) {
    if (error instanceof BillingError) return `${error.code} ${error.path} ${error.message}`;
    throw error;
  }
  return [backend, result.amount, firstTier, sameText, total, later.ok, Object.keys(periods), answers.length].join(' ');
}

export async function mistakes(rc: Ratecard): Promise<void> {
  // @ts-expect-error money is a decimal string, never a JavaScript number
  rc.price({ currency: 'USD', price: { model: 'per_unit', unit_amount: 9.99 }, quantity: 3 });
  // @ts-expect-error there is no "tiered" model
  rc.price({ currency: 'USD', price: { model: 'tiered', tiers: [] }, quantity: 3 });
  // @ts-expect-error a misspelt field
  rc.price({ currency: 'USD', price: { model: 'flat', amount: '1' }, quantiy: 3 });
  // @ts-expect-error not a rounding mode
  rc.price({ currency: 'USD', price: { model: 'flat', amount: '1' }, rounding: 'nearest' });
  // @ts-expect-error the currency is required
  rc.price({ price: { model: 'flat', amount: '1' } });
  // @ts-expect-error evaluateJson takes JSON text, not an object
  rc.evaluateJson({ op: 'price' });
  // @ts-expect-error not a backend
  await createRatecard({ backend: 'gpu' });
  // @ts-expect-error the backend is read-only
  rc.backend = 'wasm';
}
