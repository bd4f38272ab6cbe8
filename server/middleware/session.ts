/**
 * Sign-in sessions kept in the database, so they survive a restart. The cookie holds a random token; the
 * database holds its SHA-256. A session ends on sign-out, after SESSION_IDLE_MINUTES without a request, or
 * when the user is disabled or their password is reset.
 */
import crypto from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Config } from '../config';
import type { Clock } from '../../domain/time';
import { cookieName, cookieOptions, readCookie } from '../http/cookies';
import type { Services } from '../services';
import { rotateCsrf } from './csrf';

const SESSION_COOKIE = 'sid';
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function setUpWebSession(sessions: Services['sessions'], config: Config, clock: Clock): RequestHandler {
  const sessionCookie = cookieName(config, SESSION_COOKIE);
  return async (req, res, next) => {
    res.locals.user = null;
    const token = readCookie(req.headers.cookie, sessionCookie);
    if (token && token.length <= 100) {
      const now = clock.now();
      const idleSince = new Date(now.getTime() - config.sessionIdleMinutes * 60_000).toISOString();
      const tokenHash = hashToken(token);
      const user = await sessions.findUser(tokenHash, idleSince);
      if (user) {
        res.locals.user = { id: user.id, username: user.username, role: user.role };
        res.locals.sessionTokenHash = tokenHash;
        if (now.getTime() - new Date(user.lastSeenAt).getTime() > TOUCH_EVERY_MS) await sessions.touch(tokenHash, now.toISOString());
      }
    }
    next();
  };
}

/**
 * Starts a session for a user who just signed in: a new token every time (no session fixation), and a new
 * CSRF binding with it (the pre-session cookie is dropped).
 */
export async function startSession(sessions: Services['sessions'], res: Response, config: Config, userId: number, now: string): Promise<void> {
  const token = crypto.randomBytes(32).toString('base64url');
  await sessions.create(hashToken(token), userId, now);
  // A page drawn in this same answer binds its forms to the new session.
  res.locals.sessionTokenHash = hashToken(token);
  res.cookie(cookieName(config, SESSION_COOKIE), token, cookieOptions(config));
  rotateCsrf(res, config);
}

export async function endSession(sessions: Services['sessions'], res: Response, config: Config): Promise<void> {
  if (res.locals.sessionTokenHash) await sessions.delete(res.locals.sessionTokenHash);
  res.clearCookie(cookieName(config, SESSION_COOKIE), cookieOptions(config));
  rotateCsrf(res, config);
}
