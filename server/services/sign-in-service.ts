/**
 * Signing in, with one answer for an unknown user and a wrong password and the same work done in both.
 *
 * Throttling, in three rules (said on the sign-in page and in the README):
 * - per user and address, strictly: 5 attempts in 15 minutes, then none from that address for that user until
 *   the oldest of them is 15 minutes old;
 * - per user across addresses, and per address across users: after 10 (per user) or 30 (per address) failed
 *   attempts in an hour, each further attempt must wait twice as long as the one before (1 s, 2 s, 4 s … at
 *   most 5 minutes) — a growing delay, not a lock;
 * - the two wide rules do not apply from an address this user signed in from in the last 90 days, so that a
 *   stranger's burst from elsewhere cannot keep the real user out from their usual address.
 * Every attempt is written before its password is checked and judged against those before it, so attempts
 * sent at the same time are counted against each other.
 */
import type { Kysely } from 'kysely';
import {
  audit,
  countLoginAttempts,
  dropLoginAttempt,
  failLoginAttempt,
  findUserByName,
  reserveLoginAttempt,
  succeedLoginAttempt,
  type LoginAttemptCounts,
  type User,
} from '../../db/account-repository';
import type { Database } from '../../db/schema';
import { decoyHash, verifyPassword } from '../auth/passwords';

export const THROTTLE = {
  pairLimit: 5,
  pairWindowMs: 15 * 60_000,
  userFreeFailures: 10,
  addressFreeFailures: 30,
  wideWindowMs: 60 * 60_000,
  maxDelayMs: 5 * 60_000,
  knownForMs: 90 * 24 * 60 * 60_000,
} as const;

/** How long attempts are kept: the longest window any rule looks back over. */
export const ATTEMPT_KEEP_MS = Math.max(THROTTLE.pairWindowMs, THROTTLE.wideWindowMs);

export type SignInResult = { ok: true; user: User } | { ok: false; reason: 'failed' } | { ok: false; reason: 'throttled'; retryAt: Date };

/** The delay a wide rule asks after `failures` earlier attempts: none below the free count, then doubling. */
export function growingDelayMs(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(1000 * 2 ** (failures - free), THROTTLE.maxDelayMs);
}

/** Whether an attempt may be checked, given the attempts before it; when not, when it may be tried again. */
export function judgeAttempt(counts: LoginAttemptCounts, now: Date): { allowed: true } | { allowed: false; retryAt: Date } {
  const retries: number[] = [];
  if (counts.pair.count > THROTTLE.pairLimit && counts.pair.earliest) {
    retries.push(new Date(counts.pair.earliest).getTime() + THROTTLE.pairWindowMs);
  }
  if (!counts.known) {
    for (const [wide, free] of [
      [counts.user, THROTTLE.userFreeFailures],
      [counts.address, THROTTLE.addressFreeFailures],
    ] as const) {
      const delay = growingDelayMs(wide.before, free);
      if (delay > 0 && wide.last && now.getTime() - new Date(wide.last).getTime() < delay) {
        retries.push(new Date(wide.last).getTime() + delay);
      }
    }
  }
  // The attempt must wait for the latest of the rules it breaks; never report a time in the past.
  return retries.length === 0 ? { allowed: true } : { allowed: false, retryAt: new Date(Math.max(now.getTime() + 1000, ...retries)) };
}

export async function signIn(
  db: Kysely<Database>,
  input: { username: string; password: string; address: string | null; now: Date },
): Promise<SignInResult> {
  const username = input.username.trim().toLowerCase().slice(0, 200);
  const at = input.now.toISOString();
  // Requests whose address is unknown share one throttling key; the audit log says nothing rather than a guess.
  const attempt = { username, address: input.address ?? 'unknown', at };
  const ago = (ms: number) => new Date(input.now.getTime() - ms).toISOString();
  const id = await reserveLoginAttempt(db, attempt);
  const counts = await countLoginAttempts(db, {
    id,
    username,
    address: attempt.address,
    pairSince: ago(THROTTLE.pairWindowMs),
    wideSince: ago(THROTTLE.wideWindowMs),
    knownSince: ago(THROTTLE.knownForMs),
  });
  const verdict = judgeAttempt(counts, input.now);
  if (!verdict.allowed) {
    await dropLoginAttempt(db, id);
    return { ok: false, reason: 'throttled', retryAt: verdict.retryAt };
  }

  const user = username.length <= 100 ? await findUserByName(db, username) : null;
  const valid = user ? await verifyPassword(input.password, user.passwordHash) : (await verifyPassword(input.password, await decoyHash()), false);
  if (!user || !valid || user.disabled) {
    await failLoginAttempt(db, id);
    await audit(db, { at, actor: username.slice(0, 100) || '(trống)', action: 'login-failed', address: input.address });
    return { ok: false, reason: 'failed' };
  }
  await succeedLoginAttempt(db, attempt);
  await audit(db, { at, actor: user.username, action: 'login', address: input.address });
  return { ok: true, user: { id: user.id, username: user.username, role: user.role, disabled: false } };
}
