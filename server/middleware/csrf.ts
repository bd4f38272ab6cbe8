/**
 * CSRF protection for every request that can change something. The token in each form is an HMAC, keyed by
 * SESSION_SECRET, of what identifies this browser's standing with the site: the sign-in session once signed in,
 * before that a random value in an HttpOnly cookie (the pre-session). A cross-site page can make the browser
 * send its cookies but can neither read them nor compute the token; a token taken from another browser, or
 * from before a sign-in or a sign-out, names another session and is refused.
 *
 * Refused by default: every POST (or other unsafe method) must carry a valid `_csrf` field in a urlencoded
 * body. A multipart body is not parsed here, so it is refused too — except on the few routes listed in
 * `selfChecking`, which read the token field themselves before anything else (the streamed upload).
 */
import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Config } from '../config';
import { cookieName, cookieOptions, readCookie } from '../http/cookies';

export const CSRF_FIELD = '_csrf';
const PRE_SESSION_COOKIE = 'csrf';

/** A route that checks the token itself, with `isValidCsrf`, because its body is streamed. */
export interface SelfCheckingRoute {
  method: string;
  path: string;
}

function usableCookie(value: string | undefined): value is string {
  return value !== undefined && value.length >= 20 && value.length <= 100;
}

function tokenFor(secret: string, binding: string): string {
  return crypto.createHmac('sha256', secret).update(binding).digest('base64url');
}

/** What the token is bound to: the session when signed in, else the pre-session cookie (if any). */
function bindingOf(req: Request, res: Response, config: Config): string | null {
  if (res.locals.sessionTokenHash) return `session:${res.locals.sessionTokenHash}`;
  const cookie = readCookie(req.headers.cookie, cookieName(config, PRE_SESSION_COOKIE));
  return usableCookie(cookie) ? `browser:${cookie}` : null;
}

export function isValidCsrf(req: Request, res: Response, config: Config, token: unknown): boolean {
  const binding = bindingOf(req, res, config);
  if (binding === null || typeof token !== 'string' || token.length > 200) return false;
  const expected = Buffer.from(tokenFor(config.sessionSecret, binding));
  const given = Buffer.from(token);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

export function refuseCsrf(res: Response): void {
  const t = res.locals.t;
  res.status(403).render('error', { title: t.auth.csrfTitle, message: t.auth.csrfMessage, detail: null });
}

/**
 * A new pre-session at sign-in and sign-out: the old cookie is dropped, so a token drawn before either no
 * longer matches anything (the next form drawn makes a new cookie).
 */
export function rotateCsrf(res: Response, config: Config): void {
  res.clearCookie(cookieName(config, PRE_SESSION_COOKIE), cookieOptions(config));
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Gives every page a `csrfToken()` for its forms and checks the token on every state-changing request.
 * The pre-session cookie is made only when a page draws a form for a visitor who is not signed in (the
 * sign-in page): a citizen who only reads public pages gets no cookie, and those pages stay the same for
 * everyone (so they can be cached). Runs after the session middleware and the urlencoded body parser.
 */
export function setUpCsrf(config: Config, selfChecking: readonly SelfCheckingRoute[] = []): RequestHandler {
  const preSessionCookie = cookieName(config, PRE_SESSION_COOKIE);
  return (req, res, next) => {
    let token: string | null = null;
    res.locals.csrfToken = () => {
      if (token === null) {
        let binding = bindingOf(req, res, config);
        if (binding === null) {
          const cookie = crypto.randomBytes(24).toString('base64url');
          res.cookie(preSessionCookie, cookie, cookieOptions(config));
          binding = `browser:${cookie}`;
        }
        token = tokenFor(config.sessionSecret, binding);
        // The token is the same on every page of this session: an answer that carries it is never compressed,
        // so that its compressed length, beside text an attacker put in the URL, cannot give it away (BREACH),
        // and never kept by a browser or a proxy.
        res.locals.carriesCsrfToken = true;
        res.set('Cache-Control', 'no-store');
      }
      return token;
    };

    if (SAFE_METHODS.has(req.method)) {
      next();
      return;
    }
    if (req.is('multipart/form-data') && selfChecking.some((r) => r.method === req.method && r.path === req.path)) {
      next();
      return;
    }
    const posted = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (!isValidCsrf(req, res, config, posted)) {
      refuseCsrf(res);
      return;
    }
    next();
  };
}
