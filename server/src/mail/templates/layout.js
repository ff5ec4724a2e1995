'use strict';

/// The words every email shares, per language: the greeting, the sign-off and the footer.
const COMMON = {
  en: { hello: (name) => `Hello ${name},`, helloAnonymous: 'Hello,', sentBy: (seller) => `This email was sent by ${seller}.` },
  fr: { hello: (name) => `Bonjour ${name},`, helloAnonymous: 'Bonjour,', sentBy: (seller) => `Cet e-mail vous a été envoyé par ${seller}.` },
  de: { hello: (name) => `Hallo ${name},`, helloAnonymous: 'Hallo,', sentBy: (seller) => `Diese E-Mail wurde von ${seller} gesendet.` },
};

/// Languages every email can be written in (a template may offer fewer).
const LANGUAGES = Object.keys(COMMON);

/// Lays out a template's content as a plain-text and an HTML body.
/// `content` = { subject, paragraphs: [text], details: [[label, value]], action: { label, url } }
/// written in `language`; `recipientName` and `sellerName` are optional.
function layOut(content, { language, recipientName, sellerName }) {
  const words = COMMON[language];
  const greeting = recipientName ? words.hello(recipientName) : words.helloAnonymous;
  const details = content.details || [];
  const footer = sellerName ? words.sentBy(sellerName) : null;

  const text = [
    greeting,
    ...content.paragraphs,
    ...(details.length ? [details.map(([label, value]) => `  ${label}: ${value}`).join('\n')] : []),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`] : []),
    ...(footer ? [`-- \n${footer}`] : []),
  ].join('\n\n') + '\n';

  const html = [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(language)}"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f5f6f8;font-family:Helvetica,Arial,sans-serif;color:#1f2330">',
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px">',
    `<p>${escapeHtml(greeting)}</p>`,
    ...content.paragraphs.map((paragraph) => `<p style="line-height:1.5">${escapeHtml(paragraph)}</p>`),
    ...(details.length ? [
      '<table style="border-collapse:collapse;margin:16px 0">',
      ...details.map(([label, value]) => `<tr><td style="padding:4px 16px 4px 0;color:#5b6070">${escapeHtml(label)}</td><td style="padding:4px 0;font-weight:600">${escapeHtml(value)}</td></tr>`),
      '</table>',
    ] : []),
    ...(content.action ? [`<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="background:#3b5bdb;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(content.action.label)}</a></p>`] : []),
    ...(footer ? [`<p style="color:#8a8f9c;font-size:12px;margin-top:32px">${escapeHtml(footer)}</p>`] : []),
    '</div></body></html>',
  ].join('\n') + '\n';

  return { subject: content.subject, text, html };
}

/// Escapes text for HTML content and attribute values.
function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[char]));
}

module.exports = { layOut, LANGUAGES };
