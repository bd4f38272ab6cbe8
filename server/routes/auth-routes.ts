import { Router } from 'express';
import type { RouteDeps } from '../app';
import { fill, formatDate, formatTime } from '../format';
import { endSession, startSession } from '../middleware/session';
import type { Services } from '../services';
import { clientAddress } from '../http/client-address';

/** Only a path on this site: never "//host" or an absolute URL (no open redirect). */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) && value.length < 500 ? value : '/imports';
}

export function authRoutes({ accounts, sessions, audit }: Services, { config, clock }: RouteDeps): Router {
  const router = Router();

  router.get('/login', (req, res) => {
    if (res.locals.user) {
      res.redirect(303, safeNext(req.query.next));
      return;
    }
    res.render('login', { next: safeNext(req.query.next), username: '', errors: [] });
  });

  router.post('/login', async (req, res) => {
    const t = res.locals.t.auth;
    const body = req.body as Record<string, unknown>;
    const username = typeof body.username === 'string' ? body.username.slice(0, 200) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, 1000) : '';
    const next = safeNext(body.next);
    if (!username.trim() || !password) {
      res.status(400).render('login', { next, username, errors: [{ text: t.missing, href: username.trim() ? '#password' : '#username' }] });
      return;
    }
    const result = await accounts.signIn({ username, password, address: clientAddress(req), now: clock.now() });
    if (!result.ok) {
      const text = result.reason === 'throttled' ? fill(t.throttled, { time: formatTime(result.retryAt.toISOString()), date: formatDate(result.retryAt.toISOString()) }) : t.failed;
      res.status(result.reason === 'throttled' ? 429 : 401).render('login', { next, username, errors: [{ text, href: '#username' }] });
      return;
    }
    await startSession(sessions, res, config, result.user.id, clock.now().toISOString());
    res.redirect(303, next);
  });

  router.post('/logout', async (req, res) => {
    if (res.locals.user) {
      await audit.record({ at: clock.now().toISOString(), actor: res.locals.user.username, action: 'logout', address: clientAddress(req) });
    }
    await endSession(sessions, res, config);
    res.redirect(303, '/');
  });

  return router;
}
