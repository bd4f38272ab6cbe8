/**
 * Users, sessions, failed sign-ins and the audit log.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema';

export interface User {
  id: number;
  username: string;
  role: 'admin' | 'staff';
  disabled: boolean;
}

export async function findUserByName(db: Kysely<Database>, username: string): Promise<(User & { passwordHash: string }) | null> {
  const row = await db
    .selectFrom('app_user')
    .select(['id', 'username', 'role', 'disabled', 'password_hash'])
    .where('username', '=', username)
    .executeTakeFirst();
  return row ? { id: row.id, username: row.username, role: row.role, disabled: row.disabled === 1, passwordHash: row.password_hash } : null;
}

export async function createUser(db: Kysely<Database>, user: { username: string; role: 'admin' | 'staff'; passwordHash: string; now: string }): Promise<number> {
  const result = await db
    .insertInto('app_user')
    .values({ username: user.username, role: user.role, password_hash: user.passwordHash, disabled: 0, created_at: user.now, password_changed_at: user.now })
    .executeTakeFirstOrThrow();
  return Number(result.insertId);
}

export async function setPassword(db: Kysely<Database>, userId: number, passwordHash: string, now: string): Promise<void> {
  await db.updateTable('app_user').set({ password_hash: passwordHash, password_changed_at: now }).where('id', '=', userId).execute();
  await db.deleteFrom('user_session').where('user_id', '=', userId).execute();
}

export async function setDisabled(db: Kysely<Database>, userId: number, disabled: boolean): Promise<void> {
  await db.updateTable('app_user').set({ disabled: disabled ? 1 : 0 }).where('id', '=', userId).execute();
  if (disabled) await db.deleteFrom('user_session').where('user_id', '=', userId).execute();
}

export async function listUsers(db: Kysely<Database>): Promise<(User & { createdAt: string })[]> {
  const rows = await db.selectFrom('app_user').select(['id', 'username', 'role', 'disabled', 'created_at']).orderBy('username').execute();
  return rows.map((r) => ({ id: r.id, username: r.username, role: r.role, disabled: r.disabled === 1, createdAt: r.created_at }));
}

export async function createSession(db: Kysely<Database>, tokenHash: string, userId: number, now: string): Promise<void> {
  await db.insertInto('user_session').values({ token_hash: tokenHash, user_id: userId, created_at: now, last_seen_at: now }).execute();
}

/** The session's user, if the session exists, was seen after `idleSince`, and the user is enabled. */
export async function findSessionUser(db: Kysely<Database>, tokenHash: string, idleSince: string): Promise<(User & { lastSeenAt: string }) | null> {
  const row = await db
    .selectFrom('user_session')
    .innerJoin('app_user', 'app_user.id', 'user_session.user_id')
    .select(['app_user.id', 'app_user.username', 'app_user.role', 'app_user.disabled', 'user_session.last_seen_at'])
    .where('user_session.token_hash', '=', tokenHash)
    .where('user_session.last_seen_at', '>', idleSince)
    .where('app_user.disabled', '=', 0)
    .executeTakeFirst();
  return row ? { id: row.id, username: row.username, role: row.role, disabled: false, lastSeenAt: row.last_seen_at } : null;
}

export async function touchSession(db: Kysely<Database>, tokenHash: string, now: string): Promise<void> {
  await db.updateTable('user_session').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('user_session').where('token_hash', '=', tokenHash).execute();
}

/** Deletes the sessions idle since a time; returns how many. */
export async function deleteIdleSessions(db: Kysely<Database>, idleSince: string): Promise<number> {
  const result = await db.deleteFrom('user_session').where('last_seen_at', '<=', idleSince).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function recordLoginFailure(db: Kysely<Database>, keys: string[], at: string): Promise<void> {
  await db.insertInto('login_failure').values(keys.map((key) => ({ key, failed_at: at }))).execute();
}

/** Failures per key since a time, with the earliest of them (when the window will free a try). */
export async function loginFailures(db: Kysely<Database>, keys: string[], since: string): Promise<{ key: string; count: number; earliest: string }[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom('login_failure')
    .select((eb) => ['key', eb.fn.countAll<number>().as('count'), eb.fn.min('failed_at').as('earliest')])
    .where('key', 'in', keys)
    .where('failed_at', '>', since)
    .groupBy('key')
    .execute();
  return rows.map((r) => ({ key: r.key, count: Number(r.count), earliest: String(r.earliest) }));
}

export async function clearLoginFailures(db: Kysely<Database>, keys: string[]): Promise<void> {
  if (keys.length) await db.deleteFrom('login_failure').where('key', 'in', keys).execute();
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
  address: string | null;
}

export async function audit(
  db: Kysely<Database>,
  entry: { at: string; actor: string; action: string; detail?: Record<string, unknown>; address?: string | null },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ at: entry.at, actor: entry.actor, action: entry.action, detail: JSON.stringify(entry.detail ?? {}), address: entry.address ?? null })
    .execute();
}

export async function listAudit(db: Kysely<Database>, limit: number, offset: number): Promise<{ total: number; entries: AuditEntry[] }> {
  const total = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute();
  return { total: Number(total.n), entries: rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> })) };
}
