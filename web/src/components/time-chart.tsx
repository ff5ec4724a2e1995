import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/// One series of a time chart: decimal strings (null for no value) at the chart's instants.
export interface TimeSeries {
  label: string;
  values: (string | null)[];
  style: 'bars' | 'line' | 'dashed';
  color: string;
}

// The one place quantities become Numbers: pixel positions on the canvas, never a figure
// anyone reads (the page shows the server's decimal strings beside every chart).
const toPixelValue = (value: string | null): number | null => (value === null ? null : Number(value));

/// A chart of series over time, drawn by uPlot on a canvas as wide as its container. It is
/// hidden from assistive technology: every chart comes with a text alternative beside it.
/// `instants` are RFC 3339; the time axis spans `span` (start and end, RFC 3339) in `timeZone`.
export function TimeChart({ instants, series, span, timeZone, height = 180 }: {
  instants: string[]; series: TimeSeries[]; span: [string, string]; timeZone: string; height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const key = JSON.stringify([instants, series, span, timeZone]);

  useEffect(() => {
    const target = box.current;
    if (!target) return;
    const data: uPlot.AlignedData = [instants.map((instant) => Date.parse(instant) / 1000), ...series.map((one) => one.values.map(toPixelValue))];
    const bars = uPlot.paths.bars!({ size: [0.6, 40], align: 1 });
    const chart = new uPlot({
      width: Math.max(target.clientWidth, 200), height,
      tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), timeZone),
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: true, range: () => [Date.parse(span[0]) / 1000, Date.parse(span[1]) / 1000] }, y: { range: (_, min, max) => [Math.min(0, min), max > 0 ? max : 1] } },
      series: [{}, ...series.map((one) => ({
        label: one.label, stroke: one.color, width: 2,
        ...(one.style === 'bars' ? { paths: bars, fill: `${one.color}55`, points: { show: false } } : {}),
        ...(one.style === 'dashed' ? { dash: [6, 4], points: { show: false } } : {}),
      }))],
      axes: [{ stroke: '#4a5360' }, { stroke: '#4a5360', size: 56 }],
    }, data, target);
    const observer = new ResizeObserver(() => chart.setSize({ width: Math.max(target.clientWidth, 200), height }));
    observer.observe(target);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [key]);

  return <div class="chart" ref={box} aria-hidden="true" />;
}
