import type { Config } from '../config';

/** Reads one cookie from a Cookie header (no dependency needed for this much). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * A cookie's name: in production with the `__Host-` prefix, which browsers accept only from a secure origin,
 * for the whole site (Path=/) and without a Domain — a sibling subdomain or a plain-HTTP page on the same
 * host cannot plant or overwrite it.
 */
export function cookieName(config: Pick<Config, 'production'>, name: string): string {
  return config.production ? `__Host-${name}` : name;
}

/** The options every cookie of the site is set (and cleared) with. */
export function cookieOptions(config: Pick<Config, 'production'>) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: config.production, path: '/' };
}
