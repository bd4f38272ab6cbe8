/**
 * The rules for staff accounts, the same from the command line (npm run user:…) and from the admin pages:
 * what a valid user name and password are, and the changes themselves, each written to the audit log.
 * An administrator cannot lock themself out, and the last enabled administrator cannot be disabled.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { audit, createUser, findUserByName, listUsers, setDisabled, setPassword, type User } from '../../db/account-repository';
import { hashPassword, passwordProblem, verifyPassword } from '../auth/passwords';

export type Role = 'admin' | 'staff';

/** Lower-case letters without diacritics, digits, dot, hyphen, underscore; 3–50 characters. */
const USERNAME = /^[a-z0-9._-]{3,50}$/;

export type AccountProblem =
  | 'username'
  | 'username-taken'
  | 'role'
  | 'password-too-short'
  | 'password-too-long'
  | 'passwords-differ'
  | 'current-password'
  | 'no-such-user'
  | 'self-disable'
  | 'last-admin';

export type AccountResult = { ok: true; username: string } | { ok: false; problems: AccountProblem[] };

export interface Actor {
  /** Who acts: a user name, or "cli". */
  name: string;
  address?: string | null;
  now: Date;
}

/** A user name as typed, trimmed and lower-cased; null when it is not a valid one. */
export function normaliseUsername(text: string): string | null {
  const username = text.trim().toLowerCase();
  return USERNAME.test(username) ? username : null;
}

function passwordProblems(password: string, confirmation?: string): AccountProblem[] {
  const problem = passwordProblem(password);
  const problems: AccountProblem[] = problem ? [problem === 'too-short' ? 'password-too-short' : 'password-too-long'] : [];
  if (confirmation !== undefined && confirmation !== password) problems.push('passwords-differ');
  return problems;
}

export async function addAccount(
  db: Kysely<Database>,
  input: { username: string; role: string; password: string; confirmation?: string },
  actor: Actor,
): Promise<AccountResult> {
  const username = normaliseUsername(input.username);
  const problems: AccountProblem[] = [];
  if (username === null) problems.push('username');
  else if (await findUserByName(db, username)) problems.push('username-taken');
  if (input.role !== 'admin' && input.role !== 'staff') problems.push('role');
  problems.push(...passwordProblems(input.password, input.confirmation));
  if (problems.length > 0 || username === null) return { ok: false, problems };
  const at = actor.now.toISOString();
  await createUser(db, { username, role: input.role as Role, passwordHash: await hashPassword(input.password), now: at });
  await audit(db, { at, actor: actor.name, action: 'user-created', detail: { username, role: input.role }, address: actor.address ?? null });
  return { ok: true, username };
}

/** Sets a new password (ending every session of the account). */
export async function resetPassword(
  db: Kysely<Database>,
  input: { username: string; password: string; confirmation?: string },
  actor: Actor,
): Promise<AccountResult> {
  const user = await findUserByName(db, input.username);
  const problems: AccountProblem[] = user ? passwordProblems(input.password, input.confirmation) : ['no-such-user'];
  if (problems.length > 0 || !user) return { ok: false, problems };
  const at = actor.now.toISOString();
  await setPassword(db, user.id, await hashPassword(input.password), at);
  await audit(db, { at, actor: actor.name, action: 'password-reset', detail: { username: user.username }, address: actor.address ?? null });
  return { ok: true, username: user.username };
}

/** A signed-in user changes their own password: the current one first. */
export async function changeOwnPassword(
  db: Kysely<Database>,
  input: { username: string; current: string; password: string; confirmation: string },
  actor: Actor,
): Promise<AccountResult> {
  const user = await findUserByName(db, input.username);
  if (!user || !(await verifyPassword(input.current, user.passwordHash))) return { ok: false, problems: ['current-password'] };
  const problems = passwordProblems(input.password, input.confirmation);
  if (problems.length > 0) return { ok: false, problems };
  const at = actor.now.toISOString();
  await setPassword(db, user.id, await hashPassword(input.password), at);
  await audit(db, { at, actor: actor.name, action: 'password-changed', detail: { username: user.username }, address: actor.address ?? null });
  return { ok: true, username: user.username };
}

/** Disables (ending its sessions) or enables an account. */
export async function setAccountDisabled(db: Kysely<Database>, username: string, disabled: boolean, actor: Actor): Promise<AccountResult> {
  const user = await findUserByName(db, username);
  if (!user) return { ok: false, problems: ['no-such-user'] };
  if (disabled) {
    if (user.username === actor.name) return { ok: false, problems: ['self-disable'] };
    const enabledAdmins = (await listUsers(db)).filter((u) => u.role === 'admin' && !u.disabled);
    if (user.role === 'admin' && !user.disabled && enabledAdmins.length <= 1) return { ok: false, problems: ['last-admin'] };
  }
  await setDisabled(db, user.id, disabled);
  await audit(db, {
    at: actor.now.toISOString(),
    actor: actor.name,
    action: disabled ? 'user-disabled' : 'user-enabled',
    detail: { username: user.username },
    address: actor.address ?? null,
  });
  return { ok: true, username: user.username };
}

export async function accounts(db: Kysely<Database>): Promise<(User & { createdAt: string })[]> {
  return listUsers(db);
}
