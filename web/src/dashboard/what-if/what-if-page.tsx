// What-if pricing: edit a price and see, computed in this page by the WebAssembly core's
// prepared price, what every current customer would pay for it at last period's quantity, per
// customer and in total, with a histogram, a CSV export and a price migration to follow.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Ratecard, ErrorInfo } from 'ratecard';
import type { ApiError } from '../../api';
import { ErrorNote, Loading } from '../../components/layout';
import { Shell } from '../shell';
import type { PageProps } from '../routes';
import { loadCore } from '../../core';
import { money } from '../../format';
import { fetchInputs, type WhatIfInputs } from './inputs';
import { reprice } from './reprice';
import { changesByCustomer, moneyText, type Changes } from './changes';
import { histogram } from './histogram';
import { changesCsv, download } from './csv';
import { PriceEditor, type Pricing } from './price-editor';
import { HistogramChart } from './histogram-chart';
import { ChangesTable } from './changes-table';
import { MigrationPanel } from './migration-panel';
import { PricePicker } from './price-picker';
import { PlanSwitchPage } from './plan-switch/plan-switch-page';
import { PlanPicker } from './plan-picker';

/// How long the page waits after an edit before recomputing (keystrokes come faster).
const SETTLE_MS = 120;

type Loaded = { inputs: WhatIfInputs; core: Ratecard; old: string[]; differ: number };
type Outcome = { ok: true; changes: Changes; ms: number; priced: number } | { ok: false; error: ErrorInfo };

/// What-if pricing: of a plan's customers moved onto another plan (?plan=<id>), or of one price
/// (?price=<id>; without either, the prices and plans to choose from).
export function WhatIfPage(props: PageProps) {
  const planId = new URLSearchParams(window.location.search).get('plan');
  return planId ? <PlanSwitchPage session={props.session} planId={planId} /> : <PriceWhatIfPage {...props} />;
}

function PriceWhatIfPage({ session }: PageProps) {
  const priceId = new URLSearchParams(window.location.search).get('price') ?? '';
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [pricing, setPricing] = useState<Pricing | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  useEffect(() => {
    if (!priceId) return;
    (async () => {
      const [inputs, core] = await Promise.all([fetchInputs(session, priceId), loadCore()]);
      if (!inputs.ok) return setFailure(inputs.error);
      const { price, quantities } = inputs.value;
      const old = reprice(core, price.currency, price.pricing, quantities);
      if (!old.ok) return setFailure({ ...old.error, message: `the current price cannot be repriced here: ${old.error.message}` });
      // The current price at each quantity is what was billed, unless the line was billed otherwise.
      const differ = old.amounts.filter((amount, i) => amount !== inputs.value.amounts[i]).length;
      setLoaded({ inputs: inputs.value, core, old: old.amounts, differ });
      return setPricing(price.pricing);
    })();
  }, [priceId]);

  useEffect(() => {
    if (!loaded || !pricing) return undefined;
    const timer = setTimeout(() => {
      const { inputs, core, old } = loaded;
      const started = performance.now();
      const next = reprice(core, inputs.price.currency, pricing, inputs.quantities);
      if (!next.ok) return setOutcome({ ok: false, error: next.error });
      const changes = changesByCustomer(inputs.subscriptions, inputs.customers, inputs.quantities, old, next.amounts);
      return setOutcome({ ok: true, changes, ms: performance.now() - started, priced: next.priced });
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [loaded, pricing]);

  const buckets = useMemo(() => (outcome?.ok ? histogram(outcome.changes.customers.map((row) => row.change)) : []), [outcome]);

  if (!priceId) {
    return (
      <Shell session={session} title="What-if pricing">
        <PricePicker session={session} />
        <PlanPicker session={session} />
      </Shell>
    );
  }
  if (failure) return <Shell session={session} title="What-if pricing"><ErrorNote error={failure} /></Shell>;
  if (!loaded || !pricing) return <Shell session={session} title="What-if pricing"><Loading what="every current customer's last quantities" /></Shell>;
  const { inputs } = loaded;
  const { currency } = inputs.price;
  return (
    <Shell session={session} title="What-if pricing">
      <p class="what-if-intro">
        Price <strong>{inputs.price.nickname ?? inputs.price.id}</strong> ({inputs.price.type}, {currency}) over {inputs.count} current
        subscriptions at their last billed quantity{inputs.unbilled ? `; ${inputs.unbilled} not billed for it yet are left out` : ''}.
        Only this price's line is repriced: the rest of each invoice does not change.
      </p>
      <p class="small" data-differ={loaded.differ}>
        {loaded.differ
          ? `${loaded.differ} of them were billed another amount than the current price gives at their quantity: "Now" is the current price's amount.`
          : "Every line was billed what the current price gives at its quantity."}
      </p>
      <div class="columns">
        <PriceEditor pricing={pricing} onChange={setPricing} />
        <section class="panel" aria-labelledby="totals-title">
          <h2 id="totals-title">Revenue per period</h2>
          {outcome && !outcome.ok && <ErrorNote error={{ ...outcome.error, path: outcome.error.path.replace(/^\/price/, '') }} title="The core refuses this price" />}
          {outcome?.ok && (
            <div class="what-if-result" data-state="computed" data-old={moneyText(outcome.changes.old, outcome.changes.digits)}
              data-new={moneyText(outcome.changes.next, outcome.changes.digits)} data-change={moneyText(outcome.changes.change, outcome.changes.digits)}
              data-customers={outcome.changes.customers.length} data-priced={outcome.priced} data-ms={outcome.ms.toFixed(1)}>
              <dl class="facts">
                <dt>Now</dt><dd>{money(moneyText(outcome.changes.old, outcome.changes.digits), currency)}</dd>
                <dt>Edited</dt><dd>{money(moneyText(outcome.changes.next, outcome.changes.digits), currency)}</dd>
                <dt>Change</dt><dd class="total">{money(moneyText(outcome.changes.change, outcome.changes.digits), currency)}</dd>
              </dl>
              <p class="small" role="status">
                {outcome.changes.customers.length} customers ({outcome.priced} distinct quantities) recomputed in the browser in {outcome.ms.toFixed(0)} ms.
              </p>
              <button type="button" class="secondary"
                onClick={() => download(`what-if-${inputs.price.id}.csv`, changesCsv(outcome.changes, currency))}>Export CSV</button>
            </div>
          )}
        </section>
      </div>
      {outcome?.ok && (
        <>
          <HistogramChart buckets={buckets} digits={outcome.changes.digits} currency={currency} />
          <ChangesTable rows={outcome.changes.customers} digits={outcome.changes.digits} currency={currency} />
          <MigrationPanel session={session} price={inputs.price} pricing={pricing} plans={inputs.plans} />
        </>
      )}
    </Shell>
  );
}
