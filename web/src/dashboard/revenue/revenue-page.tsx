// Revenue, /dashboard/revenue: MRR and ARR by day, MRR movements by month, churn and retention
// rates, cohorts (each signup month's MRR at every month end) and the deferred revenue
// waterfall, each a uPlot chart of one currency with its table and CSV export (the /v1/reports
// routes' rows, unchanged).
import { useState } from 'preact/hooks';
import { ErrorNote, Loading } from '../../components/layout';
import { Shell } from '../shell';
import type { PageProps } from '../routes';
import { useResource } from '../components/use-resource';
import { ReportChart, type Row } from './report-chart';
import { cohortRows, waterfallRows } from './pivot';

interface Report { data: Row[] }

const MOVEMENTS = ['new', 'expansion', 'contraction', 'churn', 'reactivation'];

export function RevenuePage({ session }: PageProps) {
  const mrr = useResource<Report>(session, '/v1/reports/mrr');
  const movements = useResource<Report>(session, '/v1/reports/mrr_movements_monthly');
  const rates = useResource<Report>(session, '/v1/reports/mrr_rates');
  const cohorts = useResource<Report>(session, '/v1/reports/mrr_cohorts');
  const deferred = useResource<Report>(session, '/v1/reports/deferred_revenue');
  const reports = [mrr, movements, rates, cohorts, deferred];
  const [chosen, setChosen] = useState<string | null>(null);
  const failed = reports.find((report) => report.error);
  const loaded = reports.every((report) => report.value);

  const currencies = [...new Set(reports.flatMap((report) => report.value?.data.map((row) => String(row.currency)) ?? []))].sort();
  const currency = chosen ?? currencies[0] ?? 'USD';
  const of = (report: Report | null) => (report?.data ?? []).filter((row) => row.currency === currency);
  const cohortTable = cohortRows(of(cohorts.value));
  const waterfall = waterfallRows(of(deferred.value));

  return (
    <Shell session={session} title="Revenue">
      {failed?.error && <ErrorNote error={failed.error} title="A revenue report could not be loaded" />}
      {!failed && !loaded && <Loading what="the revenue reports" />}
      {!failed && loaded && (
        <>
          <label class="panel inline">
            Currency
            <select value={currency} onChange={(e) => setChosen(e.currentTarget.value)}>
              {(currencies.length ? currencies : [currency]).map((code) => <option key={code} value={code}>{code}</option>)}
            </select>
          </label>
          <ReportChart id="revenue-mrr" title="MRR and ARR" file={`mrr-${currency}.csv`} period="day" rows={of(mrr.value)}
            columns={[{ key: 'mrr', label: 'MRR', style: 'line' }, { key: 'arr', label: 'ARR', style: 'dashed' }]} />
          <ReportChart id="revenue-movements" title="MRR movements" file={`mrr-movements-${currency}.csv`} period="month" rows={of(movements.value)}
            columns={[...MOVEMENTS.map((key) => ({ key, label: key, style: 'bars' as const })), { key: 'net_change', label: 'net change', style: 'line' }]} />
          <ReportChart id="revenue-churn" title="Churn and retention (%)" file={`churn-retention-${currency}.csv`} period="month" rows={of(rates.value)}
            columns={[
              { key: 'logo_churn_rate', label: 'logo churn', style: 'line' }, { key: 'revenue_churn_rate', label: 'revenue churn', style: 'line' },
              { key: 'gross_revenue_retention', label: 'gross retention', style: 'dashed' }, { key: 'net_revenue_retention', label: 'net retention', style: 'dashed' },
            ]} />
          <ReportChart id="revenue-cohorts" title="MRR by signup cohort" file={`cohorts-${currency}.csv`} period="month" rows={cohortTable.rows}
            columns={cohortTable.keys.map((key) => ({ key, label: `cohort ${key}`, style: 'line' }))} />
          <ReportChart id="revenue-deferred" title="Deferred revenue waterfall" file={`deferred-revenue-${currency}.csv`} period="period" rows={waterfall.rows}
            columns={waterfall.keys.map((key) => ({ key, label: `invoiced ${key}`, style: 'bars' }))} />
        </>
      )}
    </Shell>
  );
}
