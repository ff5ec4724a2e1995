'use strict';
const fs = require('node:fs');
const path = require('node:path');

const LOG_FILE = 'mail.log';

/// The development mail log, where mail goes when no SMTP server is configured: each message
/// as `<message id>.eml` (the exact bytes SMTP would have carried; any mail program opens it)
/// and one JSON line in `mail.log` ({ at, message, delivery, template, to, subject, file }).
/// A message sent twice (a retry after a crash) is logged twice with the same Message-ID.
async function writeToMailLog(dir, { at, message, delivery, raw }) {
  await fs.promises.mkdir(dir, { recursive: true });
  const file = `${message.id}.eml`;
  await fs.promises.writeFile(path.join(dir, file), raw);
  const entry = { at, message: message.id, delivery, template: message.template, to: message.to_email, subject: message.subject, file };
  await fs.promises.appendFile(path.join(dir, LOG_FILE), `${JSON.stringify(entry)}\n`);
  return entry;
}

/// The entries of the mail log in `dir`, oldest first, each with `raw` (the .eml's bytes).
function readMailLog(dir) {
  const logFile = path.join(dir, LOG_FILE);
  if (!fs.existsSync(logFile)) return [];
  return fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((line) => {
    const entry = JSON.parse(line);
    return { ...entry, raw: fs.readFileSync(path.join(dir, entry.file)) };
  });
}

module.exports = { writeToMailLog, readMailLog };
