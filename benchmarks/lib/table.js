'use strict';
// Plain-text tables for the terminal: a header row, then rows, columns padded to fit.

/**
 * Formats rows (arrays of cells) under a header: the first `leftColumns` columns (text) are
 * left-aligned, the others (figures) right-aligned.
 */
function formatTable(header, rows, { leftColumns = 1 } = {}) {
  const cells = [header, ...rows].map((row) => row.map((cell) => (cell === null || cell === undefined ? '-' : String(cell))));
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column].length)));
  const align = (cell, column) => (column < leftColumns ? cell.padEnd(widths[column]) : cell.padStart(widths[column]));
  const line = (row) => row.map(align).join('  ').trimEnd();
  return [line(cells[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** A number with about three significant digits ("0.412", "41.2", "4120"), or null. */
function figure(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return null;
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

module.exports = { formatTable, figure };
