'use strict';
// A lean HTTP/1.1 client for the load tool (constant-rate.js): keep-alive connections over
// `net`, each request written as one buffer and each answer read by a small parser of the
// status line, Content-Length or chunked bodies. Node's `http` client costs about 110 µs of
// CPU per request on this machine, a third of what the server spends answering it; on two
// cores shared with the server that CPU, and the load tool's event loop running late because
// of it, counted against the server in every percentile. One request is in flight per
// connection (no pipelining), as with Node's agent.

const net = require('node:net');

const HEAD_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

/// A pool of up to `connections` keep-alive connections to `origin` (http://host:port).
class RawHttpPool {
  constructor(origin, { connections = 64 } = {}) {
    const { hostname, port } = new URL(origin);
    this.host = hostname;
    this.port = Number(port) || 80;
    this.hostHeader = `${hostname}:${this.port}`;
    this.maxConnections = connections;
    this.idle = [];
    this.open = new Set();
    this.waiting = [];
    this.closed = false;
  }

  /// Sends { method, path, headers, body } and calls done(error, status, body): body is a
  /// Buffer, or null when `keepBody` is false (the answer is read and dropped).
  send({ method = 'GET', path, headers = {}, body }, keepBody, done) {
    const payload = body === undefined || body === null ? null : Buffer.from(body);
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${this.hostHeader}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    if (payload) head += `content-length: ${payload.length}\r\n`;
    const bytes = payload ? Buffer.concat([Buffer.from(`${head}\r\n`), payload]) : Buffer.from(`${head}\r\n`);
    this.dispatch({ bytes, keepBody, done });
  }

  dispatch(job) {
    if (this.closed) return job.done(new Error('pool closed'));
    const connection = this.idle.pop() ?? (this.open.size < this.maxConnections ? this.connect() : null);
    if (connection) connection.start(job);
    else this.waiting.push(job);
  }

  connect() {
    const connection = new Connection(this);
    this.open.add(connection);
    return connection;
  }

  /// A connection finished its job: it takes the next waiting one or waits idle.
  release(connection) {
    const next = this.waiting.shift();
    if (next) connection.start(next);
    else this.idle.push(connection);
  }

  forget(connection) {
    this.open.delete(connection);
    const at = this.idle.indexOf(connection);
    if (at >= 0) this.idle.splice(at, 1);
    if (this.waiting.length && !this.closed) this.dispatch(this.waiting.shift());
  }

  destroy() {
    this.closed = true;
    for (const connection of this.open) connection.socket.destroy();
    for (const job of this.waiting.splice(0)) job.done(new Error('pool closed'));
  }
}

// One keep-alive connection and the parser of its answers.
class Connection {
  constructor(pool) {
    this.pool = pool;
    this.job = null;
    this.reset();
    this.socket = net.connect({ host: pool.host, port: pool.port, noDelay: true });
    this.socket.on('data', (chunk) => this.onData(chunk));
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => this.fail(new Error('connection closed')));
  }

  reset() {
    this.buffer = null;
    this.status = 0;
    this.bodyStart = -1;
    this.length = -1;
    this.chunked = false;
    this.closeAfter = false;
  }

  start(job) {
    this.job = job;
    this.reset();
    this.socket.write(job.bytes);
  }

  onData(chunk) {
    this.buffer = this.buffer ? Buffer.concat([this.buffer, chunk]) : chunk;
    if (!this.job) return this.fail(new Error('an answer nobody asked for'));
    if (this.bodyStart < 0 && !this.readHead()) return;
    const body = this.chunked ? this.readChunked() : this.readSized();
    if (body === undefined) return;
    const { job, status } = this;
    const closeAfter = this.closeAfter;
    this.job = null;
    this.reset();
    if (closeAfter) this.socket.destroy();
    else this.pool.release(this);
    job.done(null, status, job.keepBody ? body : null);
  }

  // The status line and headers, once all of them arrived; false until then.
  readHead() {
    const end = this.buffer.indexOf(HEAD_END);
    if (end < 0) return false;
    const lines = this.buffer.toString('latin1', 0, end).split('\r\n');
    this.status = Number(lines[0].split(' ')[1]);
    for (let i = 1; i < lines.length; i += 1) {
      const colon = lines[i].indexOf(':');
      const name = lines[i].slice(0, colon).trim().toLowerCase();
      const value = lines[i].slice(colon + 1).trim().toLowerCase();
      if (name === 'content-length') this.length = Number(value);
      else if (name === 'transfer-encoding') this.chunked = value.includes('chunked');
      else if (name === 'connection') this.closeAfter = value === 'close';
    }
    this.bodyStart = end + HEAD_END.length;
    if (this.length < 0 && !this.chunked) this.length = 0;
    return true;
  }

  readSized() {
    if (this.buffer.length - this.bodyStart < this.length) return undefined;
    return this.buffer.subarray(this.bodyStart, this.bodyStart + this.length);
  }

  // A chunked body once its last chunk arrived; undefined until then.
  readChunked() {
    const parts = [];
    let at = this.bodyStart;
    for (;;) {
      const lineEnd = this.buffer.indexOf(CRLF, at);
      if (lineEnd < 0) return undefined;
      const size = parseInt(this.buffer.toString('latin1', at, lineEnd), 16);
      const dataStart = lineEnd + 2;
      if (this.buffer.length < dataStart + size + 2) return undefined;
      if (size === 0) return Buffer.concat(parts);
      parts.push(this.buffer.subarray(dataStart, dataStart + size));
      at = dataStart + size + 2;
    }
  }

  fail(error) {
    const { job } = this;
    this.job = null;
    if (!this.socket.destroyed) this.socket.destroy();
    if (this.pool.open.has(this)) this.pool.forget(this);
    if (job) job.done(error);
  }
}

module.exports = { RawHttpPool };
