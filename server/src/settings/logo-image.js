'use strict';
// Checks an uploaded logo before anything renders it: a PNG or JPEG that the PDF library will
// embed without failing. pdfkit decodes some PNGs (with alpha, a palette's transparency) in a
// callback where an error would end the process, so a PNG is parsed and inflated here first:
// well-formed chunks up to IEND, 8-bit, not interlaced, every row with a known filter.
const zlib = require('node:zlib');
const PDFDocument = require('pdfkit');
const { invalidArgument } = require('../http/errors');

const MAX_LOGO_BYTES = 256 * 1024;
const MAX_SIDE = 2048;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const PATH = '/content_base64';

/// `bytes` as a logo of `contentType` ('image/png' or 'image/jpeg'): { width, height }, or an
/// INVALID_ARGUMENT at /content_base64 saying what is wrong.
function checkLogoImage(contentType, bytes) {
  if (!bytes.length) throw invalidArgument('is empty', PATH);
  if (bytes.length > MAX_LOGO_BYTES) throw invalidArgument(`is ${bytes.length} bytes; a logo is at most ${MAX_LOGO_BYTES}`, PATH);
  if (contentType === 'image/png') checkPng(bytes);
  else if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw invalidArgument('is not a JPEG image (no SOI marker)', PATH);
  let image;
  try {
    image = new PDFDocument({ autoFirstPage: false }).openImage(bytes);
  } catch (error) {
    throw invalidArgument(`is not an image the PDF can hold: ${error.message || error}`, PATH);
  }
  if (!(image.width > 0 && image.height > 0 && image.width <= MAX_SIDE && image.height <= MAX_SIDE)) {
    throw invalidArgument(`is ${image.width} × ${image.height} pixels; a logo is 1 to ${MAX_SIDE} pixels a side`, PATH);
  }
  if (contentType === 'image/jpeg' && !image.colorSpace) throw invalidArgument('is a JPEG of an unsupported colour space', PATH);
  return { width: image.width, height: image.height };
}

function checkPng(bytes) {
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw invalidArgument('is not a PNG image (no PNG signature)', PATH);
  const chunks = [];
  for (let pos = 8; ;) {
    if (pos + 12 > bytes.length) throw invalidArgument('is a truncated PNG (no IEND chunk)', PATH);
    const length = bytes.readUInt32BE(pos);
    const type = bytes.toString('latin1', pos + 4, pos + 8);
    if (pos + 12 + length > bytes.length) throw invalidArgument(`is a truncated PNG (its ${type} chunk)`, PATH);
    chunks.push({ type, data: bytes.subarray(pos + 8, pos + 8 + length) });
    pos += 12 + length;
    if (type === 'IEND') break;
  }
  const header = chunks[0];
  if (header.type !== 'IHDR' || header.data.length !== 13) throw invalidArgument('is a PNG without its IHDR chunk first', PATH);
  const width = header.data.readUInt32BE(0);
  const height = header.data.readUInt32BE(4);
  const [depth, colorType, , , interlace] = header.data.subarray(8);
  const channels = PNG_CHANNELS[colorType];
  if (depth !== 8 || !channels) throw invalidArgument('is a PNG of an unsupported kind: 8-bit grey, RGB, palette, grey with alpha or RGBA only', PATH);
  if (interlace !== 0) throw invalidArgument('is an interlaced PNG: save it without interlacing', PATH);
  if (!width || !height || width > MAX_SIDE || height > MAX_SIDE) throw invalidArgument(`is ${width} × ${height} pixels; a logo is 1 to ${MAX_SIDE} pixels a side`, PATH);
  if (colorType === 3 && !chunks.some((chunk) => chunk.type === 'PLTE')) throw invalidArgument('is a palette PNG without its palette', PATH);
  const rowBytes = 1 + width * channels;
  let pixels;
  try {
    pixels = zlib.inflateSync(Buffer.concat(chunks.filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.data)), { maxOutputLength: rowBytes * height + 1 });
  } catch {
    throw invalidArgument('is a PNG whose image data does not decompress', PATH);
  }
  if (pixels.length !== rowBytes * height) throw invalidArgument('is a PNG whose image data is not its size', PATH);
  for (let row = 0; row < height; row += 1) {
    if (pixels[row * rowBytes] > 4) throw invalidArgument('is a PNG with an unknown row filter', PATH);
  }
}

module.exports = { checkLogoImage, MAX_LOGO_BYTES };
