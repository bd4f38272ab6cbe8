/**
 * Users, sessions, failed sign-ins and the audit log.
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres, LOCK_KEYS } from './dialect';
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

/** The user names of the administrators who can sign in: whom staff ask to undo an import. */
export async function administratorNames(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('app_user').select('username').where('role', '=', 'admin').where('disabled', '=', 0).orderBy('username').execute();
  return rows.map((r) => r.username);
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

/**
 * Writes a sign-in attempt before its password is checked and returns its id: attempts are ordered by id,
 * and each is judged against the ones before it, so concurrent attempts cannot all slip under a limit.
 */
export async function reserveLoginAttempt(db: Kysely<Database>, attempt: { username: string; address: string; at: string }): Promise<number> {
  const insert = (trx: Kysely<Database>) => trx.insertInto('login_attempt').values({ ...attempt, outcome: 'pending' }).returning('id').executeTakeFirstOrThrow();
  if (!isPostgres(db)) return Number((await insert(db)).id);
  // On PostgreSQL, ids come from a sequence before the row commits: an attempt could count the ones below its id
  // while a smaller id is still uncommitted, unseen. Attempts are reserved one at a time, each committed before
  // the next takes its id, so every attempt sees all those before it (on any app instance).
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${LOCK_KEYS.loginAttempts})`.execute(trx);
    return Number((await insert(trx)).id);
  });
}

export interface LoginAttemptCounts {
  /** Attempts of this user from this address since `pairSince`, up to and including this one. */
  pair: { count: number; earliest: string | null };
  /** Attempts of this user from any address since `wideSince`, before this one. */
  user: { before: number; last: string | null };
  /** Attempts from this address for any user since `wideSince`, before this one. */
  address: { before: number; last: string | null };
  /** This user signed in from this address since `knownSince`. */
  known: boolean;
}

export async function countLoginAttempts(
  db: Kysely<Database>,
  q: { id: number; username: string; address: string; pairSince: string; wideSince: string; knownSince: string },
): Promise<LoginAttemptCounts> {
  const summary = (where: 'pair' | 'user' | 'address') => {
    let query = db
      .selectFrom('login_attempt')
      .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('at').as('earliest'), eb.fn.max('at').as('last')]);
    if (where === 'pair') query = query.where('username', '=', q.username).where('address', '=', q.address).where('at', '>', q.pairSince).where('id', '<=', q.id);
    if (where === 'user') query = query.where('username', '=', q.username).where('at', '>', q.wideSince).where('id', '<', q.id);
    if (where === 'address') query = query.where('address', '=', q.address).where('at', '>', q.wideSince).where('id', '<', q.id);
    return query.executeTakeFirstOrThrow();
  };
  const [pair, user, address, known] = await Promise.all([
    summary('pair'),
    summary('user'),
    summary('address'),
    db.selectFrom('known_sign_in').select('last_at').where('username', '=', q.username).where('address', '=', q.address).where('last_at', '>', q.knownSince).executeTakeFirst(),
  ]);
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return {
    pair: { count: Number(pair.count), earliest: text(pair.earliest) },
    user: { before: Number(user.count), last: text(user.last) },
    address: { before: Number(address.count), last: text(address.last) },
    known: known !== undefined,
  };
}

/** A throttled attempt was never checked: it does not count against anyone. */
export async function dropLoginAttempt(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('login_attempt').where('id', '=', id).execute();
}

export async function failLoginAttempt(db: Kysely<Database>, id: number): Promise<void> {
  await db.updateTable('login_attempt').set({ outcome: 'failed' }).where('id', '=', id).execute();
}

/** A successful sign-in clears its pair's attempts and remembers the address for this user. */
export async function succeedLoginAttempt(db: Kysely<Database>, attempt: { username: string; address: string; at: string }): Promise<void> {
  await db.deleteFrom('login_attempt').where('username', '=', attempt.username).where('address', '=', attempt.address).execute();
  await db
    .insertInto('known_sign_in')
    .values({ username: attempt.username, address: attempt.address, last_at: attempt.at })
    .onConflict((oc) => oc.columns(['username', 'address']).doUpdateSet({ last_at: attempt.at }))
    .execute();
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
