'use strict';
// A document model as a PDF (pdfkit), in DejaVu Sans so every Unicode name prints. The PDF's
// dates are the document's own, so rendering the same document twice gives the same bytes. The
// seller's logo is drawn from its kept bytes (checked when uploaded: settings/logo-image.js).
const path = require('node:path');
const PDFDocument = require('pdfkit');

const FONTS = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const REGULAR = path.join(FONTS, 'DejaVuSans.ttf');
const BOLD = path.join(FONTS, 'DejaVuSans-Bold.ttf');
/// Where the seller's logo is drawn, top left (scaled to fit, proportions kept).
const LOGO_BOX = { width: 160, height: 50 };

/// The PDF bytes of `model` (documents/model.js), dated `at` (an instant).
function renderPdf(model, at) {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `${model.title} ${model.number}`, CreationDate: new Date(at), ModDate: new Date(at) } });
    const chunks = [];
    doc.on('data', (chunk) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('regular', REGULAR);
    doc.registerFont('bold', BOLD);

    const logo = model.seller && model.seller.logo;
    if (logo) {
      doc.image(logo.content, 50, 50, { fit: [LOGO_BOX.width, LOGO_BOX.height] });
      doc.y = 50 + LOGO_BOX.height + 10;
    }
    doc.font('bold').fontSize(18).text(`${model.title} ${model.number}`, 50, doc.y);
    doc.moveDown(0.5).font('regular').fontSize(10);
    for (const [label, value] of model.facts) doc.text(`${label}: ${value}`);
    doc.moveDown();
    const top = doc.y;
    party(doc, 'From', model.seller, 50, top);
    party(doc, model.kind === 'invoice' ? 'Bill to' : 'Customer', model.customer, 300, top);
    doc.x = 50;
    doc.moveDown(2);

    doc.font('bold').text('Description', 50, doc.y, { continued: false, width: 300 });
    const headerY = doc.y - doc.currentLineHeight();
    doc.text('Qty', 360, headerY, { width: 60, align: 'right' });
    doc.text('Amount', 430, headerY, { width: 115, align: 'right' });
    doc.font('regular');
    for (const line of model.lines) {
      const y = doc.y + 4;
      doc.text(line.description, 50, y, { width: 300 });
      if (line.period) doc.fontSize(8).text(line.period, 50, doc.y, { width: 300 }).fontSize(10);
      const bottom = doc.y;
      doc.text(String(line.quantity), 360, y, { width: 60, align: 'right' });
      doc.text(line.amount, 430, y, { width: 115, align: 'right' });
      if (line.discount) doc.fontSize(8).text(line.discount, 430, doc.y, { width: 115, align: 'right' }).fontSize(10);
      doc.y = Math.max(bottom, doc.y);
    }
    doc.moveDown();
    for (const [label, value] of model.totals) {
      const y = doc.y;
      doc.text(label, 250, y, { width: 175 });
      doc.text(value, 430, y, { width: 115, align: 'right' });
    }
    if (model.note) doc.moveDown().text(model.note, 50, doc.y, { width: 495 });
    doc.fontSize(7).text(`Content hash ${model.contentHash}`, 50, doc.page.height - 70, { width: 495, lineBreak: false });
    doc.end();
  });
}

function party(doc, label, details, x, y) {
  if (!details) return;
  doc.font('bold').text(label, x, y, { width: 230 });
  doc.font('regular').text(details.name, x, doc.y, { width: 230 });
  for (const line of [...details.lines, ...(details.email ? [details.email] : []), ...details.taxIds.map((id) => `Tax ID ${id}`)]) doc.text(line, x, doc.y, { width: 230 });
}

module.exports = { renderPdf };
