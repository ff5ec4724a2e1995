import { useEffect, useState } from 'preact/hooks';
import { api, type ApiError } from '../api';
import { ErrorNote, Loading } from '../components/layout';
import { TimeChart, type TimeSeries } from '../components/time-chart';
import { date, quantity as formatQuantity } from '../format';

/// GET /v1/customers/:id/usage/daily (server/src/usage/daily-usage.js).
export interface DailyUsage {
  as_of: string;
  metrics: MetricUsage[];
}

export interface MetricUsage {
  subscription: string;
  metric: string;
  name: string;
  aggregation: string;
  period: { start: string; end: string };
  total: string;
  event_count: number;
  limit: string | null;
  unlimited: boolean;
  days: { start: string; end: string; value: string; event_count: number; to_date: string | null }[];
}

/// The usage of the open period, a chart per metric (each day, the running value and the limit)
/// with its figures as text; nothing when the customer's plans meter nothing.
export function UsagePanel({ customerId, token, timeZone, refresh }: { customerId: string; token: string; timeZone: string; refresh: unknown }) {
  const [usage, setUsage] = useState<DailyUsage | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let current = true;
    api<DailyUsage>('GET', `/v1/customers/${customerId}/usage/daily`, { token }).then((outcome) => {
      if (!current) return;
      if (outcome.ok) setUsage(outcome.value);
      else setError(outcome.error);
    });
    return () => { current = false; };
  }, [customerId, refresh]);

  if (usage && usage.metrics.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="usage-title">
      <h2 id="usage-title">Usage this period</h2>
      {error && <ErrorNote error={error} title="Your usage cannot be shown" />}
      {!usage && !error && <Loading what="your usage" />}
      {usage && <p class="small">As of {date(usage.as_of, timeZone)}; dates in {timeZone}.</p>}
      {usage?.metrics.map((metric) => <MetricChart key={`${metric.subscription}:${metric.metric}`} metric={metric} timeZone={timeZone} />)}
    </section>
  );
}

function MetricChart({ metric, timeZone }: { metric: MetricUsage; timeZone: string }) {
  // The points: each day's start, then the period's end, where only the limit has a value (its
  // line spans the period). The colors match the key's classes in styles.css.
  const instants = [...metric.days.map((day) => day.start), metric.period.end];
  const series: (TimeSeries & { key: string })[] = [
    { label: 'Each day', values: [...metric.days.map((day) => day.value), null], style: 'bars', color: '#0b57d0', key: 'key-daily' },
  ];
  const running = metric.days.some((day) => day.to_date !== null);
  if (running) {
    series.push({ label: 'So far this period', values: [...metric.days.map((day) => day.to_date), null], style: 'line', color: '#1e6b34', key: 'key-running' });
  }
  if (metric.limit !== null) series.push({ label: 'Your limit', values: instants.map(() => metric.limit), style: 'dashed', color: '#a4161a', key: 'key-limit' });
  const captionId = `usage-${metric.subscription}-${metric.metric}`;
  return (
    <figure class="usage-chart" aria-labelledby={captionId} data-testid={`usage-${metric.metric}`}>
      <figcaption id={captionId}>
        <strong>{metric.name}</strong>{' '}
        <span data-testid="usage-summary">{summary(metric, timeZone)}</span>
      </figcaption>
      {metric.days.length > 0 && (
        <TimeChart instants={instants} series={series} span={[metric.period.start, metric.period.end]} timeZone={timeZone} />
      )}
      <ul class="small chart-key" aria-hidden="true">
        {series.map((one) => <li key={one.key}><span class={`swatch ${one.key}`} />{one.label}</li>)}
      </ul>
      <details>
        <summary>{metric.name} by day</summary>
        <div class="table-scroll" tabIndex={0} role="region" aria-label={`${metric.name} by day`}>
          <table>
            <thead>
              <tr>
                <th scope="col">Day</th><th scope="col" class="amount">That day</th>
                {running && <th scope="col" class="amount">So far</th>}
              </tr>
            </thead>
            <tbody>
              {metric.days.map((day) => (
                <tr key={day.start} data-testid="usage-day" data-value={day.value}>
                  <td>{date(day.start, timeZone)}</td>
                  <td class="amount">{formatQuantity(day.value)}</td>
                  {running && <td class="amount">{day.to_date === null ? '' : formatQuantity(day.to_date)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

// The period's figure in words: its total, and the limit when the plan sets one.
function summary(metric: MetricUsage, timeZone: string): string {
  const limit = metric.limit !== null ? ` of ${formatQuantity(metric.limit)} available` : metric.unlimited ? ', unlimited' : '';
  return `${formatQuantity(metric.total)} used${limit} from ${date(metric.period.start, timeZone)} to ${date(metric.period.end, timeZone)}.`;
}
