'use strict';
// Reading an imported CSV document (RFC 4180: fields separated by commas, a field may be quoted
// with ", a quote inside written "", and a quoted field may hold commas and line breaks).
const { ApiError, invalidArgument } = require('../http/errors');

/// The most lines one import may have (the header aside).
const MAX_LINES = 5000;

/// The records of `text` after its header line: [{ line, fields: { <column>: text } }], `line`
/// being the 1-based line number the record starts on. The header names the columns (any order,
/// compared lower case); it must hold every one of `required`, and each column at most once;
/// columns neither required nor in `optional` are refused. Blank lines are skipped. Errors are
/// INVALID_ARGUMENT at `/csv/<line>` (`/csv/1` for the header).
function readCsv(text, { required, optional = [] }) {
  const records = splitRecords(text);
  const headerRecord = records.find((record) => !isBlank(record.fields));
  if (!headerRecord) throw invalidArgument('is empty; the first line names the columns', '/csv');
  const header = headerRecord.fields.map((name) => name.trim().toLowerCase());
  const at = `/csv/${headerRecord.line}`;
  for (const column of required) {
    if (!header.includes(column)) throw invalidArgument(`the header line needs the column ${column} (columns: ${required.join(', ')}; optional: ${optional.join(', ') || 'none'})`, at);
  }
  header.forEach((column, index) => {
    if (![...required, ...optional].includes(column)) throw invalidArgument(`the header line names the unknown column "${column.slice(0, 40)}"`, at);
    if (header.indexOf(column) !== index) throw invalidArgument(`the header line names the column ${column} twice`, at);
  });
  const rows = records.slice(records.indexOf(headerRecord) + 1).filter((record) => !isBlank(record.fields));
  if (!rows.length) throw invalidArgument('has no line after its header line', '/csv');
  if (rows.length > MAX_LINES) throw new ApiError('LIMIT_EXCEEDED', `has ${rows.length} lines; one import takes at most ${MAX_LINES}`, '/csv');
  return rows.map(({ line, fields }) => {
    if (fields.length !== header.length) throw invalidArgument(`has ${fields.length} fields, the header line ${header.length}`, `/csv/${line}`);
    return { line, fields: Object.fromEntries(header.map((column, index) => [column, fields[index].trim()])) };
  });
}

// [{ line, fields: [text] }] for each record of `text`.
function splitRecords(text) {
  const records = [];
  let fields = [];
  let field = '';
  let line = 1;
  let start = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    records.push({ line: start, fields });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const char = text[i];
    if (char === '"' && field.trim() === '') {
      const quoteLine = line;
      let value = '';
      i += 1;
      for (;;) {
        if (i >= text.length) throw invalidArgument('has a quoted field that is never closed', `/csv/${quoteLine}`);
        if (text[i] === '"' && text[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (text[i] === '"') {
          i += 1;
          break;
        } else {
          if (text[i] === '\n') line += 1;
          value += text[i];
          i += 1;
        }
      }
      field = value;
      while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
        if (text[i] !== ' ') throw invalidArgument('has text after a closing quote', `/csv/${quoteLine}`);
        i += 1;
      }
    } else if (char === ',') {
      fields.push(field);
      field = '';
      i += 1;
    } else if (char === '\r' || char === '\n') {
      endRecord();
      i += char === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line += 1;
      start = line;
    } else {
      field += char;
      i += 1;
    }
  }
  if (field !== '' || fields.length) endRecord();
  return records;
}

function isBlank(fields) {
  return fields.every((field) => field.trim() === '');
}

module.exports = { readCsv, MAX_LINES };
