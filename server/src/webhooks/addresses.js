'use strict';
const net = require('node:net');
const dns = require('node:dns');

// Addresses a webhook may not reach unless private URLs are allowed: this host, private
// networks, link-local (cloud metadata services live there), shared and reserved ranges.
const PRIVATE = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
]) PRIVATE.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [
  ['::', 128], ['::1', 128], ['64:ff9b:1::', 48], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
]) PRIVATE.addSubnet(prefix, bits, 'ipv6');

/// True when `address` (an IP literal) is loopback, private, link-local or otherwise not a
/// public unicast address. IPv4 written inside IPv6 (::ffff:10.0.0.1, 64:ff9b::10.0.0.1,
/// ::10.0.0.1) is judged by its IPv4 address.
function isPrivateAddress(address) {
  const family = net.isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family !== 6) return false;
  const embedded = embeddedIpv4(address);
  if (embedded) return PRIVATE.check(embedded, 'ipv4');
  return PRIVATE.check(address, 'ipv6');
}

// The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) or
// NAT64 (64:ff9b::a.b.c.d) IPv6 address, in dotted or hex form; null otherwise.
function embeddedIpv4(address) {
  const groups = expandIpv6(address);
  const prefix = groups.slice(0, 6).map((group) => group.toString(16)).join(':');
  const mapped = prefix === '0:0:0:0:0:ffff' || prefix === '0:0:0:0:0:0' || prefix === '64:ff9b:0:0:0:0';
  if (!mapped || (prefix === '0:0:0:0:0:0' && groups[6] === 0 && groups[7] <= 1)) return null;
  return [groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255].join('.');
}

// The eight 16-bit groups of an IPv6 address.
function expandIpv6(address) {
  let text = address.toLowerCase().split('%')[0];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const parse = (part) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
}

/// A `lookup` for http.request that resolves the name, refuses it when any of its addresses is
/// private (unless allowed), and hands the socket exactly the addresses it checked: the
/// connection goes to an address that was checked, whatever the name resolves to a moment
/// later (DNS rebinding).
function checkedLookup({ allowPrivate }) {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error);
      const refused = addresses.find((entry) => isPrivateAddress(entry.address));
      if (refused && !allowPrivate) {
        return callback(Object.assign(new Error(`${hostname} resolves to ${refused.address}, a private or loopback address; refused`), { code: 'EPRIVATEADDRESS' }));
      }
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

module.exports = { isPrivateAddress, checkedLookup };
