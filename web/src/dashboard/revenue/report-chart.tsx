// One revenue chart: the report's rows of one currency drawn by uPlot (components/time-chart),
// the same figures as a table beside it (its text alternative) and a CSV export of exactly
// those columns and rows. Figures stay the server's decimal strings.
import { TimeChart, type TimeSeries } from '../../components/time-chart';
import { download } from '../what-if/csv';

export type Row = Record<string, string | number | null>;

export interface Column {
  key: string;
  label: string;
  style: TimeSeries['style'];
}

const COLORS = ['#1f5fbf', '#1e6b34', '#a4161a', '#8a4b08', '#6a3d9a', '#0f6e6e', '#4a5360'];

/// A period ("2026-11" or "2026-11-30") as the instant its bar or point stands at.
const instantOf = (period: string) => (period.length === 7 ? `${period}-01T00:00:00Z` : `${period}T00:00:00Z`);

/// The end of the chart's time axis: a month or a day after the last period.
function spanEnd(period: string): string {
  const start = new Date(instantOf(period));
  if (period.length === 7) start.setUTCMonth(start.getUTCMonth() + 1);
  else start.setUTCDate(start.getUTCDate() + 1);
  return start.toISOString();
}

const cell = (value: string | number | null) => (value === null ? '' : String(value));
const csvCell = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/// The CSV of the chart: its period column, then one column per series.
export function chartCsv(period: string, columns: Column[], rows: Row[]): string {
  const lines = [[period, ...columns.map((column) => column.key)].join(',')];
  for (const row of rows) lines.push([cell(row[period]), ...columns.map((column) => cell(row[column.key]))].map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}

export function ReportChart({ id, title, file, period, columns, rows }: {
  id: string; title: string; file: string; period: string; columns: Column[]; rows: Row[];
}) {
  const first = rows.length ? String(rows[0][period]) : '';
  const last = rows.length ? String(rows[rows.length - 1][period]) : '';
  const series: TimeSeries[] = columns.map((column, index) => ({
    label: column.label, style: column.style, color: COLORS[index % COLORS.length],
    values: rows.map((row) => (row[column.key] === null ? null : String(row[column.key]))),
  }));
  return (
    <section aria-labelledby={id} class="panel dash-section" data-testid={id}>
      <h2 id={id}>{title}</h2>
      {rows.length === 0 && <p>No figures yet.</p>}
      {rows.length > 0 && (
        <>
          <TimeChart instants={rows.map((row) => instantOf(String(row[period])))} series={series} span={[instantOf(first), spanEnd(last)]} timeZone="UTC" />
          <ul class="small chart-key revenue-key" aria-hidden="true">
            {columns.map((column, index) => <li key={column.key}><span class={`swatch series-${index % COLORS.length}`} />{column.label}</li>)}
          </ul>
          <div class="table-scroll">
            <table>
              <thead><tr><th scope="col">{period}</th>{columns.map((column) => <th key={column.key} scope="col">{column.label}</th>)}</tr></thead>
              <tbody>
                {rows.map((row, index) => (
                  <tr key={index}><th scope="row">{cell(row[period])}</th>{columns.map((column) => <td key={column.key}>{cell(row[column.key]) || '—'}</td>)}</tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="actions">
            <button type="button" class="secondary" onClick={() => download(file, chartCsv(period, columns, rows))}>Export {title} as CSV</button>
          </div>
        </>
      )}
    </section>
  );
}
