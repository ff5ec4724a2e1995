'use strict';
const { LANGUAGES } = require('./layout');

/// Every email template, by name. A template module names itself, summarises its purpose,
/// declares its data (a JSON Schema) and renders its content per language (`render.en` is
/// required: it is the fallback). Add a template as a file here and a line at the END.
const TEMPLATE_MODULES = [
  require('./invoice-issued'),
  require('./payment-receipt'),
  require('./payment-failed'),
  require('./card-expiring'),
  require('./trial-ending'),
  require('./subscription-canceled'),
  require('./webhook-endpoint-disabled'),
  require('./account-welcome'),
];

// A template in a language the layout has no words for, or without English, fails at start.
for (const template of TEMPLATE_MODULES) {
  const unknown = Object.keys(template.render).filter((language) => !LANGUAGES.includes(language));
  if (!template.render.en || unknown.length) {
    throw new Error(`mail template ${template.name} needs English and only languages of templates/layout.js (${LANGUAGES.join(', ')})`);
  }
}

const TEMPLATES = Object.fromEntries(TEMPLATE_MODULES.map((template) => [template.name, template]));

module.exports = { TEMPLATES };
