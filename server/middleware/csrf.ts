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
 * Makes a token available to every page (res.locals.csrfToken) and checks it on every state-changing
 * request. Multipart uploads are checked by their route, which reads the token field before the file.
 */
export function setUpCsrf(config: Config): RequestHandler {
  return (req, res, next) => {
    let cookie = readCookie(req.headers.cookie, CSRF_COOKIE);
    if (!cookie || cookie.length < 20 || cookie.length > 100) {
      cookie = crypto.randomBytes(24).toString('base64url');
      res.cookie(CSRF_COOKIE, cookie, { httpOnly: true, sameSite: 'lax', secure: config.production, path: '/' });
      // This request carries no usable cookie, so nothing it posts can be accepted.
      req.headers.cookie = `${req.headers.cookie ? `${req.headers.cookie}; ` : ''}${CSRF_COOKIE}=${cookie}`;
      res.locals.csrfFresh = true;
    }
    res.locals.csrfToken = tokenFor(config.sessionSecret, cookie);

    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') {
      next();
      return;
    }
    if (req.is('multipart/form-data')) {
      next();
      return;
    }
    const token = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (res.locals.csrfFresh || !isValidCsrf(req, config, token)) {
      refuseCsrf(res);
      return;
    }
    next();
  };
}
