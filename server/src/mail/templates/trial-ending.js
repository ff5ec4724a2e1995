'use strict';
const { text, instant, url, money, currency, templateData } = require('./fields');

/// A trial ends soon; the first paid period follows.
module.exports = {
  name: 'trial.ending',
  summary: 'A trial ends soon',
  data: templateData(['plan_name', 'trial_end'], {
    plan_name: text, trial_end: instant, amount: money, currency, manage_url: url,
  }),
  render: {
    en: (d, f) => ({
      subject: `Your ${d.plan_name} trial ends on ${f.date(d.trial_end)}`,
      paragraphs: [
        `Your trial of ${d.plan_name} ends on ${f.date(d.trial_end)}.`,
        d.amount && d.currency
          ? `Your subscription then continues at ${f.money(d.amount, d.currency)} per period, charged to your payment method on file.`
          : 'Your subscription then continues on the paid plan.',
      ],
      details: [['Plan', d.plan_name], ['Trial ends', f.date(d.trial_end)]],
      action: d.manage_url ? { label: 'Manage your subscription', url: d.manage_url } : null,
    }),
    fr: (d, f) => ({
      subject: `Votre essai de ${d.plan_name} se termine le ${f.date(d.trial_end)}`,
      paragraphs: [
        `Votre période d'essai de ${d.plan_name} se termine le ${f.date(d.trial_end)}.`,
        d.amount && d.currency
          ? `Votre abonnement se poursuivra ensuite au prix de ${f.money(d.amount, d.currency)} par période, débité sur votre moyen de paiement enregistré.`
          : 'Votre abonnement se poursuivra ensuite avec la formule payante.',
      ],
      details: [['Formule', d.plan_name], ['Fin de l\'essai', f.date(d.trial_end)]],
      action: d.manage_url ? { label: 'Gérer votre abonnement', url: d.manage_url } : null,
    }),
    de: (d, f) => ({
      subject: `Ihr Test von ${d.plan_name} endet am ${f.date(d.trial_end)}`,
      paragraphs: [
        `Ihr Testzeitraum für ${d.plan_name} endet am ${f.date(d.trial_end)}.`,
        d.amount && d.currency
          ? `Danach läuft Ihr Abonnement für ${f.money(d.amount, d.currency)} pro Zeitraum weiter, abgebucht von Ihrer hinterlegten Zahlungsmethode.`
          : 'Danach läuft Ihr Abonnement im bezahlten Tarif weiter.',
      ],
      details: [['Tarif', d.plan_name], ['Testende', f.date(d.trial_end)]],
      action: d.manage_url ? { label: 'Abonnement verwalten', url: d.manage_url } : null,
    }),
  },
};
