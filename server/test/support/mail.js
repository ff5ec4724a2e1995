'use strict';
// Reading mail in tests: the development mail log of a test server, and a real SMTP server
// (test/support/smtp-receiver.js) in a child process.
const path = require('node:path');
const { fork } = require('node:child_process');
const { simpleParser } = require('mailparser');
const { readMailLog } = require('../../src/mail/dev-log');

/// The messages in the development mail log of `t` (a startTestServer result), oldest first,
/// each parsed: { entry, subject, from, to, text, html, headers, attachments: [{ filename,
/// contentType, content (Buffer) }], messageId }.
async function readMail(t) {
  const entries = readMailLog(t.services.config.mailDir);
  return Promise.all(entries.map(async (entry) => ({ entry, ...await parseMail(entry.raw) })));
}

/// Parses a raw RFC 5322 message with mailparser.
async function parseMail(raw) {
  const mail = await simpleParser(raw);
  return {
    subject: mail.subject, from: mail.from?.text, to: mail.to?.text, text: mail.text, html: mail.html,
    headers: mail.headers, messageId: mail.messageId,
    attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
  };
}

/// Starts the SMTP receiver process; resolves to { port, url, messages(atLeast): [parsed message
/// with envelope], setMode(mode), stop() }.
async function startSmtpReceiver() {
  const child = fork(path.join(__dirname, 'smtp-receiver.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const received = [];
  const acks = [];
  const port = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`SMTP receiver exited (${code}) before listening`)));
    child.on('message', (message) => {
      if (message.port) resolve(message.port);
      if (message.received) {
        const raw = Buffer.from(message.received.raw, 'base64');
        received.push(parseMail(raw).then((parsed) => ({ ...parsed, envelope: message.received, raw })));
      }
      if (message.ack) acks.shift()?.();
    });
  });
  return {
    port,
    url: `smtp://ratecard:s3cret@127.0.0.1:${port}`,
    // The receiver reports a message over IPC before it answers the client, but the test's
    // process may read the SMTP answer first: wait for `atLeast` messages (5 s at most).
    messages: async (atLeast = 0) => {
      for (const deadline = Date.now() + 5000; received.length < atLeast && Date.now() < deadline;) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return Promise.all(received);
    },
    setMode: (mode) => new Promise((resolve) => { acks.push(resolve); child.send({ mode }); }),
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill();
    }),
  };
}

module.exports = { readMail, parseMail, startSmtpReceiver };
