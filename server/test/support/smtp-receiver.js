'use strict';
// A real SMTP server on 127.0.0.1 (the smtp-server package) in its own process, for the mail
// tests: fork it with an IPC channel; it sends { port } once listening and { received } for
// each message it accepts (envelope, and the raw message in base64). The parent steers it with
// { mode }: 'accept' (250), 'busy' (451 for every recipient: a temporary failure) or
// 'no-such-user' (550: refused for good). It requires AUTH with user "ratecard", password "s3cret".
const { SMTPServer } = require('smtp-server');

let mode = 'accept';

const server = new SMTPServer({
  secure: false,
  disabledCommands: ['STARTTLS'],
  allowInsecureAuth: true,
  authMethods: ['PLAIN', 'LOGIN'],
  logger: false,
  onAuth(auth, session, callback) {
    if (auth.username === 'ratecard' && auth.password === 's3cret') return callback(null, { user: auth.username });
    return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
  },
  onRcptTo(address, session, callback) {
    if (mode === 'busy') return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
    if (mode === 'no-such-user') return callback(Object.assign(new Error(`No such user ${address.address}`), { responseCode: 550 }));
    return callback();
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      process.send({
        received: {
          from: session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user,
          raw: Buffer.concat(chunks).toString('base64'),
        },
      });
      callback(null, 'Queued as test');
    });
  },
});

process.on('message', (command) => {
  if (command.mode) mode = command.mode;
  process.send({ ack: command.mode });
});
process.on('disconnect', () => process.exit(0));
server.listen(0, '127.0.0.1', () => process.send({ port: server.server.address().port }));
