/**
 * CSRF protection for every form that changes something: a random value in an HttpOnly cookie, and in each
 * form an HMAC of it keyed by SESSION_SECRET. A cross-site page can make the browser send the cookie but can
 * neither read it nor compute the token. A POST without a valid token gets 403 and changes nothing.
 */
import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Config } from '../config';
import { readCookie } from '../http/cookies';

export const CSRF_COOKIE = 'csrf';
export const CSRF_FIELD = '_csrf';

function tokenFor(secret: string, cookieValue: string): string {
  return crypto.createHmac('sha256', secret).update(cookieValue).digest('base64url');
}

export function isValidCsrf(req: Request, config: Config, token: unknown): boolean {
  const cookie = readCookie(req.headers.cookie, CSRF_COOKIE);
  if (!cookie || typeof token !== 'string' || token.length > 200) return false;
  const expected = Buffer.from(tokenFor(config.sessionSecret, cookie));
  const given = Buffer.from(token);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

export function refuseCsrf(res: Response): void {
  const t = res.locals.t;
  res.status(403).render('error', { title: t.auth.csrfTitle, message: t.auth.csrfMessage, detail: null });
}

/**
 * Gives every page a `csrfToken()` for its forms and checks the token on every state-changing request.
 * The cookie is made only when a page draws a form (sign-in, sign-out, imports): a citizen who only reads
 * public pages gets no cookie, and those pages stay the same for everyone (so they can be cached).
 * Multipart uploads are checked by their route, which reads the token field before the file.
 */
export function setUpCsrf(config: Config): RequestHandler {
  return (req, res, next) => {
    const given = readCookie(req.headers.cookie, CSRF_COOKIE);
    const usable = given !== undefined && given.length >= 20 && given.length <= 100;
    let token: string | null = null;
    res.locals.csrfToken = () => {
      if (token === null) {
        let cookie = usable ? given : undefined;
        if (cookie === undefined) {
          cookie = crypto.randomBytes(24).toString('base64url');
          res.cookie(CSRF_COOKIE, cookie, { httpOnly: true, sameSite: 'lax', secure: config.production, path: '/' });
        }
        token = tokenFor(config.sessionSecret, cookie);
        // The token is the same on every page of this browser: an answer that carries it is never compressed,
        // so that its compressed length, beside text an attacker put in the URL, cannot give it away (BREACH).
        res.locals.carriesCsrfToken = true;
      }
      return token;
    };

    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') {
      next();
      return;
    }
    if (req.is('multipart/form-data')) {
      next();
      return;
    }
    // A request without a usable cookie cannot carry a valid token: refused (the form drawn again sets one).
    const posted = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (!usable || !isValidCsrf(req, config, posted)) {
      refuseCsrf(res);
      return;
    }
    next();
  };
}
