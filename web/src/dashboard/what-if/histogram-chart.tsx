// The histogram of changes per customer as plain SVG (the dashboard's chart library is not
// chosen yet): one bar per bucket, its count and range in a <title> and in a table for screen readers.
import type { Bucket } from './histogram';
import { moneyText } from './changes';

const WIDTH = 600;
const HEIGHT = 160;

export function HistogramChart({ buckets, digits, currency }: { buckets: Bucket[]; digits: number; currency: string }) {
  if (!buckets.length) return null;
  const most = Math.max(...buckets.map((bucket) => bucket.count));
  const barWidth = WIDTH / buckets.length;
  const range = (bucket: Bucket) => `${moneyText(bucket.from, digits)} to ${moneyText(bucket.to, digits)} ${currency}`;
  return (
    <figure class="histogram">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT + 20}`} role="img" aria-labelledby="histogram-caption" preserveAspectRatio="none">
        {buckets.map((bucket, i) => {
          const height = most ? (bucket.count / most) * HEIGHT : 0;
          return (
            <rect key={i} x={i * barWidth + 1} y={HEIGHT - height} width={Math.max(barWidth - 2, 1)} height={height} class={bucket.to < 0n ? 'down' : bucket.from > 0n ? 'up' : 'flat'}>
              <title>{`${bucket.count} customers: ${range(bucket)}`}</title>
            </rect>
          );
        })}
        <line x1="0" y1={HEIGHT} x2={WIDTH} y2={HEIGHT} class="axis" />
        <text x="0" y={HEIGHT + 16} class="label">{moneyText(buckets[0].from, digits)}</text>
        <text x={WIDTH} y={HEIGHT + 16} class="label" text-anchor="end">{moneyText(buckets[buckets.length - 1].to, digits)}</text>
      </svg>
      <figcaption id="histogram-caption">Customers by change in revenue ({currency}), {buckets.length} equal ranges</figcaption>
      <details>
        <summary>The ranges as a table</summary>
        <table>
          <thead><tr><th scope="col">Change</th><th scope="col" class="amount">Customers</th></tr></thead>
          <tbody>{buckets.map((bucket, i) => <tr key={i}><td>{range(bucket)}</td><td class="amount">{bucket.count}</td></tr>)}</tbody>
        </table>
      </details>
    </figure>
  );
}
