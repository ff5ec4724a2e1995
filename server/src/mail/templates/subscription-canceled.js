'use strict';
const { text, instant, url, templateData } = require('./fields');

/// A subscription was canceled, now or at the end of its period.
module.exports = {
  name: 'subscription.canceled',
  summary: 'A subscription was canceled (now, or at the end of its period)',
  data: templateData(['plan_name', 'ends_at'], {
    plan_name: text, ends_at: instant,
    at_period_end: { type: 'boolean', description: 'true: it stays active until ends_at; false (default): it ended then' },
    resubscribe_url: url,
  }),
  render: {
    en: (d, f) => ({
      subject: `Your ${d.plan_name} subscription has been canceled`,
      paragraphs: [
        d.at_period_end
          ? `Your subscription to ${d.plan_name} has been canceled. It stays active until ${f.date(d.ends_at)}, and nothing more will be charged.`
          : `Your subscription to ${d.plan_name} has been canceled and ended on ${f.date(d.ends_at)}.`,
        'We are sorry to see you go. You are welcome back at any time.',
      ],
      details: [['Plan', d.plan_name], [d.at_period_end ? 'Active until' : 'Ended', f.date(d.ends_at)]],
      action: d.resubscribe_url ? { label: 'Subscribe again', url: d.resubscribe_url } : null,
    }),
    fr: (d, f) => ({
      subject: `Votre abonnement ${d.plan_name} a été résilié`,
      paragraphs: [
        d.at_period_end
          ? `Votre abonnement à ${d.plan_name} a été résilié. Il reste actif jusqu'au ${f.date(d.ends_at)} et plus rien ne sera prélevé.`
          : `Votre abonnement à ${d.plan_name} a été résilié et a pris fin le ${f.date(d.ends_at)}.`,
        'Nous regrettons votre départ. Vous êtes le bienvenu à tout moment.',
      ],
      details: [['Formule', d.plan_name], [d.at_period_end ? 'Actif jusqu\'au' : 'Terminé le', f.date(d.ends_at)]],
      action: d.resubscribe_url ? { label: 'Se réabonner', url: d.resubscribe_url } : null,
    }),
    de: (d, f) => ({
      subject: `Ihr Abonnement ${d.plan_name} wurde gekündigt`,
      paragraphs: [
        d.at_period_end
          ? `Ihr Abonnement für ${d.plan_name} wurde gekündigt. Es bleibt bis zum ${f.date(d.ends_at)} aktiv, weitere Kosten entstehen nicht.`
          : `Ihr Abonnement für ${d.plan_name} wurde gekündigt und ist am ${f.date(d.ends_at)} beendet worden.`,
        'Schade, dass Sie gehen. Sie sind jederzeit wieder willkommen.',
      ],
      details: [['Tarif', d.plan_name], [d.at_period_end ? 'Aktiv bis' : 'Beendet am', f.date(d.ends_at)]],
      action: d.resubscribe_url ? { label: 'Erneut abonnieren', url: d.resubscribe_url } : null,
    }),
  },
};
