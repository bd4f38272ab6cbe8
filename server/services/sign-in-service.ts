/**
 * Signing in: throttled per username and per address (5 failures in 15 minutes), with one answer for an
 * unknown user and a wrong password, and the same work done in both cases.
 */
import type { Kysely } from 'kysely';
import { audit, clearLoginFailures, findUserByName, loginFailures, recordLoginFailure, type User } from '../../db/account-repository';
import type { Database } from '../../db/schema';
import { decoyHash, verifyPassword } from '../auth/passwords';

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60_000;

export type SignInResult = { ok: true; user: User } | { ok: false; reason: 'failed' } | { ok: false; reason: 'throttled'; retryAt: Date };

export async function signIn(
  db: Kysely<Database>,
  input: { username: string; password: string; address: string; now: Date },
): Promise<SignInResult> {
  const username = input.username.trim().toLowerCase();
  const keys = [`user:${username}`, `address:${input.address}`];
  const since = new Date(input.now.getTime() - FAILURE_WINDOW_MS).toISOString();
  const failures = await loginFailures(db, keys, since);
  const blocked = failures.filter((f) => f.count >= MAX_FAILURES);
  if (blocked.length > 0) {
    const earliest = blocked.map((f) => new Date(f.earliest).getTime()).sort((a, b) => a - b)[0];
    return { ok: false, reason: 'throttled', retryAt: new Date(earliest + FAILURE_WINDOW_MS) };
  }

  const user = username.length <= 100 ? await findUserByName(db, username) : null;
  const valid = user ? await verifyPassword(input.password, user.passwordHash) : (await verifyPassword(input.password, await decoyHash()), false);
  const at = input.now.toISOString();
  if (!user || !valid || user.disabled) {
    await recordLoginFailure(db, keys, at);
    await audit(db, { at, actor: username.slice(0, 100) || '(trống)', action: 'login-failed', address: input.address });
    return { ok: false, reason: 'failed' };
  }
  await clearLoginFailures(db, [keys[0]]);
  await audit(db, { at, actor: user.username, action: 'login', address: input.address });
  return { ok: true, user: { id: user.id, username: user.username, role: user.role, disabled: false } };
}
