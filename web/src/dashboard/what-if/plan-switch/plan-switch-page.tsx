// What-if of a new plan, /dashboard/what-if?plan=<id>: the current customers of a plan repriced
// onto another plan (or a new one drafted in the page), their last billed quantities kept,
// computed in this page by the WebAssembly core; per customer and in total, exactly.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Ratecard, ErrorInfo } from 'ratecard';
import type { ApiError } from '../../../api';
import { ErrorNote, Loading } from '../../../components/layout';
import { Shell } from '../../shell';
import { loadCore } from '../../../core';
import { money } from '../../../format';
import { call, type Session } from '../../session';
import type { List } from '../../components/use-resource';
import type { Plan } from '../../catalog/types';
import { changesByCustomer, moneyText, type Changes } from '../changes';
import { histogram } from '../histogram';
import { changesCsv, download } from '../csv';
import { PriceEditor } from '../price-editor';
import { HistogramChart } from '../histogram-chart';
import { ChangesTable } from '../changes-table';
import { fetchPlanColumns, repricedPrices, type PlanColumns } from './plan-columns';
import { planAmounts, quantitiesFor, type TargetPrice } from './plan-reprice';
import { DRAFT, TargetChoice } from './target-choice';

/// How long the page waits after an edit before recomputing (keystrokes come faster).
const SETTLE_MS = 120;

type Loaded = { source: Plan; plans: Plan[]; columns: PlanColumns; core: Ratecard; old: string[] };
type Outcome = { ok: true; changes: Changes; ms: number; priced: number } | { ok: false; error: ErrorInfo; price: string };

export function PlanSwitchPage({ session, planId }: { session: Session; planId: string }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [target, setTarget] = useState(DRAFT);
  const [prices, setPrices] = useState<TargetPrice[]>([]);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  useEffect(() => {
    (async () => {
      const [source, plans, core] = await Promise.all([
        call<Plan>(session, 'GET', `/v1/plans/${encodeURIComponent(planId)}`),
        call<List<Plan>>(session, 'GET', '/v1/plans?active=true&limit=100'),
        loadCore(),
      ]);
      if (!source.ok) return setFailure(source.error);
      if (!plans.ok) return setFailure(plans.error);
      const columns = await fetchPlanColumns(session, source.value);
      if (!columns.ok) return setFailure(columns.error);
      const own = repricedPrices(source.value).map((price) => ({ price, pricing: price.pricing }));
      const old = planAmounts(core, source.value.currency, own, columns.value.subscriptions.length, (price) => columns.value.quantities.get(price.id)!);
      if (!old.ok) return setFailure({ ...old.error, message: `the plan's price ${old.price.id} cannot be repriced here: ${old.error.message}` });
      setLoaded({ source: source.value, plans: plans.value.data, columns: columns.value, core, old: old.amounts });
      return setPrices(own);
    })();
  }, [planId]);

  const choose = (id: string) => {
    if (!loaded) return;
    setTarget(id);
    const plan = id === DRAFT ? loaded.source : loaded.plans.find((candidate) => candidate.id === id)!;
    setPrices(repricedPrices(plan).map((price) => ({ price, pricing: price.pricing })));
  };

  useEffect(() => {
    if (!loaded) return undefined;
    const timer = setTimeout(() => {
      const { source, columns, core, old } = loaded;
      const started = performance.now();
      const sourcePrices = repricedPrices(source);
      const next = planAmounts(core, source.currency, prices, columns.subscriptions.length, (price) => quantitiesFor(price, sourcePrices, columns));
      if (!next.ok) return setOutcome({ ok: false, error: next.error, price: next.price.nickname ?? next.price.id });
      const changes = changesByCustomer(columns.subscriptions, columns.customers, columns.seats, old, next.amounts);
      return setOutcome({ ok: true, changes, ms: performance.now() - started, priced: next.priced });
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [loaded, prices]);

  const buckets = useMemo(() => (outcome?.ok ? histogram(outcome.changes.customers.map((row) => row.change)) : []), [outcome]);

  if (failure) return <Shell session={session} title="What-if of a new plan"><ErrorNote error={failure} /></Shell>;
  if (!loaded) return <Shell session={session} title="What-if of a new plan"><Loading what="the plan's current customers and their last quantities" /></Shell>;
  const { source, columns } = loaded;
  const { currency } = source;
  const unbilled = Math.max(0, ...columns.unbilled.values());
  const edit = (index: number, pricing: TargetPrice['pricing']) => setPrices(prices.map((entry, i) => (i === index ? { ...entry, pricing } : entry)));
  return (
    <Shell session={session} title="What-if of a new plan">
      <p class="what-if-intro">
        The {columns.subscriptions.length} current subscriptions of <strong>{source.name}</strong> ({source.code}, {currency}, every {source.interval_count > 1 ? `${source.interval_count} ` : ''}{source.interval})
        repriced onto the target plan at their last billed quantities{unbilled ? ` (${unbilled} not billed for a price yet count 0 of it)` : ''}: seats
        for its licensed prices, each metric's usage for its metered ones (0 where this plan meters no such metric). &quot;Now&quot; is this plan's
        prices at the same quantities.
      </p>
      <TargetChoice source={source} plans={loaded.plans} value={target} onChange={choose} />
      <div class="columns">
        <div>
          {prices.map((entry, index) => (
            <section key={`${target}-${entry.price.id}`} class="panel" aria-label={`Target price ${entry.price.nickname ?? entry.price.id}`}>
              <h2>{entry.price.nickname ?? entry.price.id}</h2>
              <p class="small">{entry.price.type === 'usage' ? `metered: ${entry.price.metric}` : 'licensed: per subscription quantity'}</p>
              <PriceEditor pricing={entry.pricing} onChange={(pricing) => edit(index, pricing)} />
            </section>
          ))}
          {prices.length === 0 && <p>The target plan has no recurring price: every customer would pay nothing for it.</p>}
        </div>
        <section class="panel" aria-labelledby="plan-totals-title">
          <h2 id="plan-totals-title">Revenue per period</h2>
          {outcome && !outcome.ok && (
            <ErrorNote error={{ ...outcome.error, path: outcome.error.path.replace(/^\/price/, '') }} title={`The core refuses ${outcome.price}`} />
          )}
          {outcome?.ok && (
            <div class="what-if-result" data-state="computed" data-old={moneyText(outcome.changes.old, outcome.changes.digits)}
              data-new={moneyText(outcome.changes.next, outcome.changes.digits)} data-change={moneyText(outcome.changes.change, outcome.changes.digits)}
              data-customers={outcome.changes.customers.length} data-priced={outcome.priced} data-ms={outcome.ms.toFixed(1)}>
              <dl class="facts">
                <dt>Now</dt><dd>{money(moneyText(outcome.changes.old, outcome.changes.digits), currency)}</dd>
                <dt>On the target</dt><dd>{money(moneyText(outcome.changes.next, outcome.changes.digits), currency)}</dd>
                <dt>Change</dt><dd class="total">{money(moneyText(outcome.changes.change, outcome.changes.digits), currency)}</dd>
              </dl>
              <p class="small" role="status">
                {outcome.changes.customers.length} customers ({outcome.priced} distinct quantities) recomputed in the browser in {outcome.ms.toFixed(0)} ms.
              </p>
              <button type="button" class="secondary"
                onClick={() => download(`what-if-${source.code}-to-${target}.csv`, changesCsv(outcome.changes, currency))}>Export CSV</button>
            </div>
          )}
        </section>
      </div>
      {outcome?.ok && (
        <>
          <HistogramChart buckets={buckets} digits={outcome.changes.digits} currency={currency} />
          <ChangesTable rows={outcome.changes.customers} digits={outcome.changes.digits} currency={currency}
            caption="Per customer, the plan's recurring lines now and on the target (Edited), at last period's quantities (seats shown)" />
        </>
      )}
    </Shell>
  );
}
