'use strict';
const { text, url, templateData } = require('./fields');

const month = { type: 'integer', minimum: 1, maximum: 12 };
const year = { type: 'integer', minimum: 2000, maximum: 2200 };
const last4 = { type: 'string', pattern: '^[0-9]{4}$' };
const expiry = (d) => `${String(d.exp_month).padStart(2, '0')}/${d.exp_year}`;

/// A card on file expires soon.
module.exports = {
  name: 'card.expiring',
  summary: 'A card on file expires soon',
  data: templateData(['card_brand', 'card_last4', 'exp_month', 'exp_year'], {
    card_brand: text, card_last4: last4, exp_month: month, exp_year: year, update_payment_method_url: url,
  }),
  render: {
    en: (d) => ({
      subject: `Your ${d.card_brand} card ending in ${d.card_last4} expires soon`,
      paragraphs: [
        `The ${d.card_brand} card ending in ${d.card_last4} that we charge expires at the end of ${expiry(d)}.`,
        'Please add a new card so that your payments continue without interruption.',
      ],
      details: [['Card', `${d.card_brand} •••• ${d.card_last4}`], ['Expires', expiry(d)]],
      action: d.update_payment_method_url ? { label: 'Update your card', url: d.update_payment_method_url } : null,
    }),
    fr: (d) => ({
      subject: `Votre carte ${d.card_brand} se terminant par ${d.card_last4} expire bientôt`,
      paragraphs: [
        `La carte ${d.card_brand} se terminant par ${d.card_last4} que nous débitons expire fin ${expiry(d)}.`,
        'Merci d\'ajouter une nouvelle carte pour que vos paiements se poursuivent sans interruption.',
      ],
      details: [['Carte', `${d.card_brand} •••• ${d.card_last4}`], ['Expiration', expiry(d)]],
      action: d.update_payment_method_url ? { label: 'Mettre à jour votre carte', url: d.update_payment_method_url } : null,
    }),
    de: (d) => ({
      subject: `Ihre ${d.card_brand}-Karte mit den Endziffern ${d.card_last4} läuft bald ab`,
      paragraphs: [
        `Die ${d.card_brand}-Karte mit den Endziffern ${d.card_last4}, die wir belasten, läuft Ende ${expiry(d)} ab.`,
        'Bitte hinterlegen Sie eine neue Karte, damit Ihre Zahlungen ohne Unterbrechung weiterlaufen.',
      ],
      details: [['Karte', `${d.card_brand} •••• ${d.card_last4}`], ['Gültig bis', expiry(d)]],
      action: d.update_payment_method_url ? { label: 'Karte aktualisieren', url: d.update_payment_method_url } : null,
    }),
  },
};
