'use strict';
const { text, instant, templateData } = require('./fields');

// An endpoint's URL as stored (up to 2,000 characters sent, longer once normalised) and the
// reason, which quotes the receiver's last error.
const endpointUrl = { type: 'string', pattern: '^https?://', maxLength: 8000 };
const reason = { type: 'string', minLength: 1, maxLength: 2000 };

/// A webhook endpoint was disabled (it kept failing, or answered 410 Gone); sent to its owner.
module.exports = {
  name: 'webhook_endpoint.disabled',
  summary: "A webhook endpoint was disabled; sent to the endpoint's owner",
  data: templateData(['endpoint_id', 'url', 'reason', 'disabled_at'], {
    endpoint_id: text, url: endpointUrl, reason, disabled_at: instant, failing_since: instant,
  }),
  render: {
    en: (d, f) => ({
      subject: `Webhook endpoint ${d.url} was disabled`,
      paragraphs: [
        `We disabled the webhook endpoint ${d.url} on ${f.dateTime(d.disabled_at)}: ${d.reason}.`,
        `No events are sent to it until it is enabled again (POST /v1/webhook_endpoints/${d.endpoint_id}/enable). Deliveries that failed can be replayed from its delivery log.`,
      ],
      details: [
        ['Endpoint', d.endpoint_id], ['URL', d.url],
        ...(d.failing_since ? [['Failing since', f.dateTime(d.failing_since)]] : []),
      ],
    }),
    fr: (d, f) => ({
      subject: `Le point de terminaison webhook ${d.url} a été désactivé`,
      paragraphs: [
        `Nous avons désactivé le point de terminaison webhook ${d.url} le ${f.dateTime(d.disabled_at)} : ${d.reason}.`,
        `Aucun événement ne lui sera envoyé avant sa réactivation (POST /v1/webhook_endpoints/${d.endpoint_id}/enable). Les livraisons échouées peuvent être rejouées depuis son journal de livraisons.`,
      ],
      details: [
        ['Point de terminaison', d.endpoint_id], ['URL', d.url],
        ...(d.failing_since ? [['En échec depuis', f.dateTime(d.failing_since)]] : []),
      ],
    }),
    de: (d, f) => ({
      subject: `Der Webhook-Endpunkt ${d.url} wurde deaktiviert`,
      paragraphs: [
        `Wir haben den Webhook-Endpunkt ${d.url} am ${f.dateTime(d.disabled_at)} deaktiviert: ${d.reason}.`,
        `Bis er wieder aktiviert wird (POST /v1/webhook_endpoints/${d.endpoint_id}/enable), werden ihm keine Ereignisse gesendet. Fehlgeschlagene Zustellungen lassen sich aus seinem Zustellprotokoll erneut senden.`,
      ],
      details: [
        ['Endpunkt', d.endpoint_id], ['URL', d.url],
        ...(d.failing_since ? [['Fehlerhaft seit', f.dateTime(d.failing_since)]] : []),
      ],
    }),
  },
};
