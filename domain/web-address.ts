/**
 * The one check for a web address that came from outside (an imported cell, the configuration): only an
 * absolute http:// or https:// address with a host is ever stored or shown as a link. The same function is
 * called when the file is read and again when a page is rendered, so nothing stored is output as a link
 * without passing it twice.
 */

/** Why an address is refused. */
export type WebAddressProblem = 'space' | 'scheme' | 'relative' | 'credentials' | 'malformed';

export type WebAddressCheck = { ok: true; href: string; host: string } | { ok: false; problem: WebAddressProblem };

/**
 * White space and characters that print as nothing (C0 and C1 controls, zero-width and direction marks, the
 * byte-order mark): inside an address they hide what it really is ("java\tscript:" is read as "javascript:").
 */
const HIDDEN_OR_SPACE = /[\s\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/u;

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * Checks a web address. Leading and trailing spaces are trimmed first (a clerk's stray space); anything
 * else is refused rather than repaired: white space or invisible characters inside, a scheme other than
 * http or https (javascript:, data:, vbscript:, file:, …), an address without "//host" (relative, bare
 * text, "//evil" with no scheme), a user name or password before the host, or what the WHATWG URL parser
 * cannot read.
 */
export function checkWebAddress(raw: string): WebAddressCheck {
  const value = raw.replace(/^[ \t\r\n\u00a0]+|[ \t\r\n\u00a0]+$/g, '');
  if (HIDDEN_OR_SPACE.test(value)) return { ok: false, problem: 'space' };
  const scheme = SCHEME.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined) return { ok: false, problem: 'relative' };
  if (scheme !== 'http' && scheme !== 'https') return { ok: false, problem: 'scheme' };
  // "http:example.com" and "https:/x" parse, but are not what anyone writes as an address.
  if (!/^https?:\/\/[^/\\?#]/i.test(value)) return { ok: false, problem: 'relative' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, problem: 'scheme' };
  if (url.username !== '' || url.password !== '') return { ok: false, problem: 'credentials' };
  if (url.hostname === '') return { ok: false, problem: 'relative' };
  return { ok: true, href: url.href, host: url.hostname.replace(/^www\./, '') };
}

/** The address to link to, or null: for rendering what is stored (checked again, whatever was checked before). */
export function safeWebAddress(raw: string | null | undefined): { href: string; host: string } | null {
  if (raw == null || raw === '') return null;
  const checked = checkWebAddress(raw);
  return checked.ok ? { href: checked.href, host: checked.host } : null;
}

/**
 * An email address simple enough to offer as a mailto: link: one @, no spaces, quotes, angle brackets or
 * characters a mailto: URL would read as its query ("?", "&") or fragment, a dotted domain.
 */
export function safeEmail(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const value = raw.trim();
  return /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/.test(value) && value.length <= 254 ? value : null;
}

/** A phone number as a tel: target (digits and a leading +), or null when the text has too few digits to be one. */
export function telTarget(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  // The first number of the cell ("0255 3822 123, 0255 3822 124" → the first one).
  const first = raw.split(/[,;/]|\s[-–]\s|\sho[aặ]c\s/i)[0] ?? '';
  if (!/^[\s()+.\-0-9]+$/.test(first.trim())) return null;
  const digits = first.replace(/[^0-9+]/g, '').replace(/(?!^)\+/g, '');
  return /^\+?[0-9]{6,15}$/.test(digits) ? digits : null;
}
