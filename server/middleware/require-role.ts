/**
 * Guards for staff pages: an anonymous visitor is sent to sign in (pages) or refused (401, anything that
 * changes something); a signed-in user without the role gets 403. Admins can do what staff can.
 */
import type { RequestHandler } from 'express';

export type Role = 'staff' | 'admin';

export function requireRole(role: Role): RequestHandler {
  return (req, res, next) => {
    const user = res.locals.user;
    const t = res.locals.t;
    if (!user) {
      if (req.method === 'GET' || req.method === 'HEAD') {
        res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      } else {
        res.status(401).render('error', { title: t.auth.signInRequiredTitle, message: t.auth.signInRequired, detail: null });
      }
      return;
    }
    if (role === 'admin' && user.role !== 'admin') {
      res.status(403).render('error', { title: t.auth.forbiddenTitle, message: t.auth.forbidden, detail: null });
      return;
    }
    next();
  };
}
