// Reports whose rows are (group, period, figure) made into one row per period with a column per
// group, as a chart draws them: cohorts (signup month → MRR) and the deferred revenue waterfall
// (month invoiced → what of it is still deferred at each month end). Figures are not changed.
import type { Row } from './report-chart';

function pivot(rows: Row[], period: string, group: string, figure: string): { keys: string[]; rows: Row[] } {
  const keys = [...new Set(rows.map((row) => String(row[group])))].sort();
  const periods = [...new Set(rows.map((row) => String(row[period])))].sort();
  const byPeriod = new Map<string, Row>(periods.map((at) => [at, Object.fromEntries([[period, at], ...keys.map((key) => [key, null])])]));
  for (const row of rows) byPeriod.get(String(row[period]))![String(row[group])] = row[figure];
  return { keys, rows: periods.map((at) => byPeriod.get(at)!) };
}

export const cohortRows = (rows: Row[]) => pivot(rows, 'month', 'cohort', 'mrr');
export const waterfallRows = (rows: Row[]) => pivot(rows, 'period', 'invoiced_period', 'deferred');
