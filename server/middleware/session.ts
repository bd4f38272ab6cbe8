/**
 * Sign-in sessions kept in the database, so they survive a restart. The cookie holds a random token; the
 * database holds its SHA-256. A session ends on sign-out, after SESSION_IDLE_MINUTES without a request, or
 * when the user is disabled or their password is reset.
 */
import crypto from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Config } from '../config';
import type { Clock } from '../../domain/time';
import { readCookie } from '../http/cookies';
import type { Services } from '../services';

export const SESSION_COOKIE = 'sid';
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function cookieOptions(config: Config) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: config.production, path: '/' };
}

export function setUpWebSession(sessions: Services['sessions'], config: Config, clock: Clock): RequestHandler {
  return async (req, res, next) => {
    res.locals.user = null;
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
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

/** Starts a session for a user who just signed in: a new token every time (no session fixation). */
export async function startSession(sessions: Services['sessions'], res: Response, config: Config, userId: number, now: string): Promise<void> {
  const token = crypto.randomBytes(32).toString('base64url');
  await sessions.create(hashToken(token), userId, now);
  res.cookie(SESSION_COOKIE, token, cookieOptions(config));
}

export async function endSession(sessions: Services['sessions'], res: Response, config: Config): Promise<void> {
  if (res.locals.sessionTokenHash) await sessions.delete(res.locals.sessionTokenHash);
  res.clearCookie(SESSION_COOKIE, cookieOptions(config));
}
