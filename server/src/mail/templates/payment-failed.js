'use strict';
const { text, instant, url, money, currency, templateData } = require('./fields');

/// A payment attempt failed; the customer is asked to update the payment method.
module.exports = {
  name: 'payment.failed',
  summary: 'A payment failed; asks the customer to update the payment method',
  data: templateData(['amount', 'currency'], {
    amount: money, currency, invoice_number: text, failure_reason: text, next_attempt_at: instant,
    update_payment_method_url: url,
  }),
  render: {
    en: (d, f) => ({
      subject: `Your payment of ${f.money(d.amount, d.currency)} failed`,
      paragraphs: [
        `We could not collect your payment of ${f.money(d.amount, d.currency)}${d.invoice_number ? ` for invoice ${d.invoice_number}` : ''}${d.failure_reason ? ` (${d.failure_reason})` : ''}.`,
        d.next_attempt_at
          ? `We will try again on ${f.date(d.next_attempt_at)}. Please check or update your payment method before then.`
          : 'Please check or update your payment method so that we can collect it.',
      ],
      details: [['Amount', f.money(d.amount, d.currency)], ...(d.invoice_number ? [['Invoice', d.invoice_number]] : [])],
      action: d.update_payment_method_url ? { label: 'Update your payment method', url: d.update_payment_method_url } : null,
    }),
    fr: (d, f) => ({
      subject: `Échec de votre paiement de ${f.money(d.amount, d.currency)}`,
      paragraphs: [
        `Nous n'avons pas pu encaisser votre paiement de ${f.money(d.amount, d.currency)}${d.invoice_number ? ` pour la facture ${d.invoice_number}` : ''}${d.failure_reason ? ` (${d.failure_reason})` : ''}.`,
        d.next_attempt_at
          ? `Nous réessaierons le ${f.date(d.next_attempt_at)}. Merci de vérifier ou de mettre à jour votre moyen de paiement d'ici là.`
          : 'Merci de vérifier ou de mettre à jour votre moyen de paiement afin que nous puissions l\'encaisser.',
      ],
      details: [['Montant', f.money(d.amount, d.currency)], ...(d.invoice_number ? [['Facture', d.invoice_number]] : [])],
      action: d.update_payment_method_url ? { label: 'Mettre à jour le moyen de paiement', url: d.update_payment_method_url } : null,
    }),
    de: (d, f) => ({
      subject: `Ihre Zahlung über ${f.money(d.amount, d.currency)} ist fehlgeschlagen`,
      paragraphs: [
        `Wir konnten Ihre Zahlung über ${f.money(d.amount, d.currency)}${d.invoice_number ? ` für die Rechnung ${d.invoice_number}` : ''} nicht einziehen${d.failure_reason ? ` (${d.failure_reason})` : ''}.`,
        d.next_attempt_at
          ? `Wir versuchen es am ${f.date(d.next_attempt_at)} erneut. Bitte prüfen oder aktualisieren Sie bis dahin Ihre Zahlungsmethode.`
          : 'Bitte prüfen oder aktualisieren Sie Ihre Zahlungsmethode, damit wir den Betrag einziehen können.',
      ],
      details: [['Betrag', f.money(d.amount, d.currency)], ...(d.invoice_number ? [['Rechnung', d.invoice_number]] : [])],
      action: d.update_payment_method_url ? { label: 'Zahlungsmethode aktualisieren', url: d.update_payment_method_url } : null,
    }),
  },
};
