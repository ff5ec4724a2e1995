'use strict';
const { text, url, templateData } = require('./fields');

/// A provisioned account is ready: sent to its owner by the activation order's last step.
module.exports = {
  name: 'account.welcome',
  summary: 'A provisioned account is ready to use',
  data: templateData(['product_name', 'user_name'], {
    product_name: text, user_name: text, sign_in_url: url,
  }),
  render: {
    en: (d) => ({
      subject: `Welcome to ${d.product_name}`,
      paragraphs: [
        `Hello ${d.user_name},`,
        `Your ${d.product_name} account is ready, with you as its owner. You can invite your team and manage their seats and access keys from your account.`,
      ],
      details: [['Product', d.product_name]],
      action: d.sign_in_url ? { label: 'Sign in', url: d.sign_in_url } : null,
    }),
    fr: (d) => ({
      subject: `Bienvenue sur ${d.product_name}`,
      paragraphs: [
        `Bonjour ${d.user_name},`,
        `Votre compte ${d.product_name} est prêt et vous en êtes le propriétaire. Vous pouvez inviter votre équipe et gérer ses sièges et ses clés d'accès depuis votre compte.`,
      ],
      details: [['Produit', d.product_name]],
      action: d.sign_in_url ? { label: 'Se connecter', url: d.sign_in_url } : null,
    }),
    de: (d) => ({
      subject: `Willkommen bei ${d.product_name}`,
      paragraphs: [
        `Hallo ${d.user_name},`,
        `Ihr ${d.product_name}-Konto ist eingerichtet, mit Ihnen als Inhaber. Sie können Ihr Team einladen und dessen Plätze und Zugangsschlüssel in Ihrem Konto verwalten.`,
      ],
      details: [['Produkt', d.product_name]],
      action: d.sign_in_url ? { label: 'Anmelden', url: d.sign_in_url } : null,
    }),
  },
};
