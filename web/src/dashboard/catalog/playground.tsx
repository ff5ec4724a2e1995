// The price playground: a quantity typed here is priced by the WebAssembly core in this page
// with the price being edited, showing the core's total and lines (or its coded error).
import { useEffect, useState } from 'preact/hooks';
import type { Ratecard, ErrorInfo } from 'ratecard';
import { evaluate, loadCore } from '../../core';
import { money, quantity as quantityText } from '../../format';
import type { Pricing } from '../what-if/price-editor';

interface Line { kind: string; amount: string; quantity?: string; unit_amount?: string; flat_amount?: string; tier_index?: number }
interface Priced { amount: string; currency: string; lines: Line[] }

export function Playground({ currency, pricing }: { currency: string; pricing: Pricing }) {
  const [core, setCore] = useState<Ratecard | null>(null);
  const [quantity, setQuantity] = useState('1');
  useEffect(() => {
    loadCore().then(setCore);
  }, []);
  let outcome: { ok: true; result: Priced } | { ok: false; error: ErrorInfo } | null = null;
  if (core) outcome = evaluate<Priced>(core, { op: 'price', currency, price: pricing, quantity });
  return (
    <section aria-labelledby="playground" class="panel dash-section">
      <h2 id="playground">Price playground</h2>
      <label>
        Quantity
        <input type="text" inputMode="decimal" value={quantity} onInput={(e) => setQuantity((e.target as HTMLInputElement).value)} />
      </label>
      {!outcome && <p>Loading the pricing core…</p>}
      {outcome && !outcome.ok && (
        <p class="error" role="alert" data-testid="playground-error">{outcome.error.code} at {outcome.error.path || '/'}: {outcome.error.message}</p>
      )}
      {outcome?.ok && (
        <div class="table-scroll">
          <table>
            <caption class="small">The core's lines (WebAssembly, in this page)</caption>
            <thead><tr><th scope="col">Line</th><th scope="col">Quantity</th><th scope="col">Unit amount</th><th scope="col">Amount</th></tr></thead>
            <tbody>
              {outcome.result.lines.map((line, index) => (
                <tr key={index}>
                  <td>{line.kind}{line.tier_index !== undefined ? ` ${line.tier_index + 1}` : ''}</td>
                  <td>{line.quantity ? quantityText(line.quantity) : '—'}</td>
                  <td>{line.unit_amount ?? '—'}</td>
                  <td>{money(line.amount, currency)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot><tr><th scope="row" colSpan={3}>Total</th><td data-testid="playground-total">{money(outcome.result.amount, currency)}</td></tr></tfoot>
          </table>
        </div>
      )}
    </section>
  );
}
