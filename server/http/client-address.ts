import net from 'node:net';
import type { Request } from 'express';

/**
 * The client's address as Express worked it out under TRUST_PROXY (the right-most X-Forwarded-For entry not
 * added by a trusted proxy), written plainly: an IPv4 address mapped into IPv6 ("::ffff:192.0.2.7") as IPv4.
 * Null when it is not an address at all (a proxy trusted too far passes on what the client wrote): such a
 * value is never stored or used as a throttling key.
 */
export function clientAddress(req: Request): string | null {
  const ip = req.ip;
  if (!ip) return null;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  const address = mapped ? mapped[1]! : ip;
  return net.isIP(address) ? address : null;
}
