'use strict';
const { text, instant, url, money, currency, templateData } = require('./fields');

/// A payment succeeded.
module.exports = {
  name: 'payment.receipt',
  summary: 'A payment was received',
  data: templateData(['amount', 'currency', 'paid_at'], {
    amount: money, currency, paid_at: instant, invoice_number: text, payment_method: text, receipt_number: text,
    receipt_url: url,
  }),
  render: {
    en: (d, f) => ({
      subject: `Receipt for your payment of ${f.money(d.amount, d.currency)}`,
      paragraphs: [`We received your payment of ${f.money(d.amount, d.currency)} on ${f.date(d.paid_at)}. Thank you.`],
      details: [
        ...(d.receipt_number ? [['Receipt', d.receipt_number]] : []),
        ...(d.invoice_number ? [['Invoice', d.invoice_number]] : []),
        ['Amount paid', f.money(d.amount, d.currency)],
        ...(d.payment_method ? [['Payment method', d.payment_method]] : []),
      ],
      action: d.receipt_url ? { label: 'View the receipt', url: d.receipt_url } : null,
    }),
    fr: (d, f) => ({
      subject: `Reçu de votre paiement de ${f.money(d.amount, d.currency)}`,
      paragraphs: [`Nous avons bien reçu votre paiement de ${f.money(d.amount, d.currency)} le ${f.date(d.paid_at)}. Merci.`],
      details: [
        ...(d.receipt_number ? [['Reçu', d.receipt_number]] : []),
        ...(d.invoice_number ? [['Facture', d.invoice_number]] : []),
        ['Montant payé', f.money(d.amount, d.currency)],
        ...(d.payment_method ? [['Moyen de paiement', d.payment_method]] : []),
      ],
      action: d.receipt_url ? { label: 'Voir le reçu', url: d.receipt_url } : null,
    }),
    de: (d, f) => ({
      subject: `Beleg für Ihre Zahlung über ${f.money(d.amount, d.currency)}`,
      paragraphs: [`Wir haben Ihre Zahlung über ${f.money(d.amount, d.currency)} am ${f.date(d.paid_at)} erhalten. Vielen Dank.`],
      details: [
        ...(d.receipt_number ? [['Beleg', d.receipt_number]] : []),
        ...(d.invoice_number ? [['Rechnung', d.invoice_number]] : []),
        ['Gezahlter Betrag', f.money(d.amount, d.currency)],
        ...(d.payment_method ? [['Zahlungsmittel', d.payment_method]] : []),
      ],
      action: d.receipt_url ? { label: 'Beleg ansehen', url: d.receipt_url } : null,
    }),
  },
};
