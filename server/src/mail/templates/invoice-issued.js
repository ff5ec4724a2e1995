'use strict';
const { text, instant, url, money, currency, templateData } = require('./fields');

/// A finalized invoice, sent with its PDF attached (the caller passes the attachment).
module.exports = {
  name: 'invoice.issued',
  summary: 'An invoice was issued; its PDF is attached',
  data: templateData(['invoice_number', 'amount_due', 'currency'], {
    invoice_number: text, amount_due: money, currency, due_at: instant, period_start: instant, period_end: instant,
    invoice_url: url,
  }),
  render: {
    en: (d, f) => ({
      subject: `Invoice ${d.invoice_number}${d.seller_name ? ` from ${d.seller_name}` : ''}`,
      paragraphs: [
        `Your invoice ${d.invoice_number} for ${f.money(d.amount_due, d.currency)} is ready. You will find it attached as a PDF.`,
        ...(d.due_at ? [`Please pay it by ${f.date(d.due_at)}.`] : []),
      ],
      details: [
        ['Invoice', d.invoice_number],
        ['Amount due', f.money(d.amount_due, d.currency)],
        ...(d.period_start && d.period_end ? [['Period', `${f.date(d.period_start)} – ${f.date(d.period_end)}`]] : []),
        ...(d.due_at ? [['Due', f.date(d.due_at)]] : []),
      ],
      action: d.invoice_url ? { label: 'View the invoice', url: d.invoice_url } : null,
    }),
    fr: (d, f) => ({
      subject: `Facture ${d.invoice_number}${d.seller_name ? ` de ${d.seller_name}` : ''}`,
      paragraphs: [
        `Votre facture ${d.invoice_number} d'un montant de ${f.money(d.amount_due, d.currency)} est disponible. Vous la trouverez en pièce jointe au format PDF.`,
        ...(d.due_at ? [`Merci de la régler avant le ${f.date(d.due_at)}.`] : []),
      ],
      details: [
        ['Facture', d.invoice_number],
        ['Montant dû', f.money(d.amount_due, d.currency)],
        ...(d.period_start && d.period_end ? [['Période', `${f.date(d.period_start)} – ${f.date(d.period_end)}`]] : []),
        ...(d.due_at ? [['Échéance', f.date(d.due_at)]] : []),
      ],
      action: d.invoice_url ? { label: 'Voir la facture', url: d.invoice_url } : null,
    }),
    de: (d, f) => ({
      subject: `Rechnung ${d.invoice_number}${d.seller_name ? ` von ${d.seller_name}` : ''}`,
      paragraphs: [
        `Ihre Rechnung ${d.invoice_number} über ${f.money(d.amount_due, d.currency)} liegt vor. Sie finden sie als PDF im Anhang.`,
        ...(d.due_at ? [`Bitte begleichen Sie sie bis zum ${f.date(d.due_at)}.`] : []),
      ],
      details: [
        ['Rechnung', d.invoice_number],
        ['Fälliger Betrag', f.money(d.amount_due, d.currency)],
        ...(d.period_start && d.period_end ? [['Zeitraum', `${f.date(d.period_start)} – ${f.date(d.period_end)}`]] : []),
        ...(d.due_at ? [['Fällig am', f.date(d.due_at)]] : []),
      ],
      action: d.invoice_url ? { label: 'Rechnung ansehen', url: d.invoice_url } : null,
    }),
  },
};
