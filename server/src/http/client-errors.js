'use strict';
const http = require('node:http');
const { newId } = require('../ids');

/// Answers a request Node's HTTP parser refused before Fastify saw it (headers over 16 KiB,
/// a malformed request line, a timeout) in the documented error shape, like every other error.
function clientErrorHandler(error, socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  let status = 400;
  let code = 'INVALID_ARGUMENT';
  let message = 'the request is not valid HTTP';
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    [status, code, message] = [431, 'LIMIT_EXCEEDED', 'the request line and headers are larger than 16 KiB'];
  } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    [status, code, message] = [408, 'INVALID_ARGUMENT', 'the request was not received in time'];
  }
  const requestId = newId('req');
  const body = JSON.stringify({ error: { code, message, path: '', request_id: requestId } });
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n`
      + `Content-Length: ${Buffer.byteLength(body)}\r\nRequest-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}

module.exports = { clientErrorHandler };
