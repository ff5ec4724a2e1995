'use strict';
// A document model as a standalone HTML page (printable; every value escaped; the logo inline
// as a data: URL, so the page loads nothing).

const escape = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

function partyHtml(label, party) {
  if (!party) return '';
  return `<div class="party"><h2>${escape(label)}</h2><p><strong>${escape(party.name)}</strong><br>${party.lines.map(escape).join('<br>')}`
    + `${party.email ? `<br>${escape(party.email)}` : ''}${party.taxIds.map((id) => `<br>Tax ID ${escape(id)}`).join('')}</p></div>`;
}

/// The HTML text of `model` (documents/model.js).
function renderHtml(model) {
  const image = model.seller && model.seller.logo;
  const logo = image ? `<img class="logo" src="data:${image.content_type};base64,${image.content.toString('base64')}" alt="">` : '';
  const rows = model.lines.map((line) => `<tr><td>${escape(line.description)}${line.period ? `<br><small>${escape(line.period)}</small>` : ''}</td>`
    + `<td class="num">${escape(line.quantity)}</td><td class="num">${escape(line.amount)}${line.discount ? `<br><small>${escape(line.discount)}</small>` : ''}</td></tr>`).join('\n');
  const totals = model.totals.map(([label, value]) => `<tr><th>${escape(label)}</th><td class="num">${escape(value)}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(model.title)} ${escape(model.number)}</title>
<style>body{font-family:"DejaVu Sans",sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%}td,th{padding:4px 6px;text-align:left;vertical-align:top}
.num{text-align:right}.lines td{border-bottom:1px solid #ddd}.parties{display:flex;gap:4em}.logo{max-height:60px}footer{margin-top:3em;font-size:80%;color:#666}</style></head>
<body>${logo}<h1>${escape(model.title)} ${escape(model.number)}</h1>
<table class="facts">${model.facts.map(([label, value]) => `<tr><th>${escape(label)}</th><td>${escape(value)}</td></tr>`).join('')}</table>
<div class="parties">${partyHtml('From', model.seller)}${partyHtml(model.kind === 'invoice' ? 'Bill to' : 'Customer', model.customer)}</div>
<table class="lines"><thead><tr><th>Description</th><th class="num">Qty</th><th class="num">Amount</th></tr></thead><tbody>
${rows}
</tbody></table>
<table class="totals">${totals}</table>
${model.note ? `<p>${escape(model.note).replace(/\n/g, '<br>')}</p>` : ''}
<footer>Content hash ${escape(model.contentHash)}</footer>
</body></html>
`;
}

module.exports = { renderHtml };
