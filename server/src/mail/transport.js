'use strict';
const nodemailer = require('nodemailer');
const { writeToMailLog } = require('./dev-log');

// Generous for a slow relay, short enough that a dead one does not hold a worker for minutes.
const SMTP_TIMEOUTS = { connectionTimeout: 10000, greetingTimeout: 10000, socketTimeout: 30000 };
const transports = new WeakMap();

/// How mail leaves this server, built once per configuration: SMTP through nodemailer when
/// `config.smtpUrl` is set (smtp://user:password@host:587 with STARTTLS when the server offers
/// it, smtps:// for TLS from the start), else the development mail log in `config.mailDir`.
/// Returns { kind: 'smtp' | 'log', send(mail) → { response } }; `send` throws when the message
/// was not accepted (`error.responseCode` is the SMTP reply code, when there was one).
function mailTransport(config) {
  let transport = transports.get(config);
  if (!transport) {
    transport = config.smtpUrl ? smtpTransport(config.smtpUrl) : logTransport(config.mailDir);
    transports.set(config, transport);
  }
  return transport;
}

function smtpTransport(url) {
  const smtp = nodemailer.createTransport(url, SMTP_TIMEOUTS);
  return {
    kind: 'smtp',
    async send(mail) {
      const info = await smtp.sendMail(mail);
      return { response: info.response || null };
    },
  };
}

function logTransport(dir) {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'log',
    async send(mail, { message, delivery, at }) {
      const { message: raw } = await composer.sendMail(mail);
      const entry = await writeToMailLog(dir, { at, message, delivery, raw });
      return { response: `written to ${entry.file}` };
    },
  };
}

module.exports = { mailTransport };
