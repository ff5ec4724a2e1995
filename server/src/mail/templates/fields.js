'use strict';
const { money, currency } = require('../../http/schemas');

// JSON Schemas of template data fields.
const text = { type: 'string', minLength: 1, maxLength: 500 };
const instant = { type: 'string', format: 'date-time' };
const url = { type: 'string', pattern: '^https?://', maxLength: 2000 };

/// The data schema of a template: its own fields plus those every template takes
/// (`customer_name` for the greeting, `seller_name` for the footer, `time_zone` for dates).
function templateData(required, properties) {
  return {
    type: 'object', additionalProperties: false, required,
    properties: {
      customer_name: text, seller_name: text,
      time_zone: { type: 'string', minLength: 1, maxLength: 64, description: 'IANA zone of the dates shown (UTC by default)' },
      ...properties,
    },
  };
}

module.exports = { text, instant, url, money, currency, templateData };
