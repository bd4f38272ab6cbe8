/**
 * Sign-in throttling on one PostgreSQL database shared by two app instances (two connection pools): bursts
 * split between them are judged as one, as they are on SQLite by one process.
 */
import type { Kysely } from 'kysely';
import { createUser } from '../../db/account-repository';
import { migrateToLatest } from '../../db/migrate';
import { openPostgresKysely } from '../../db/postgres';
import type { Database } from '../../db/schema';
import { hashPassword } from '../../server/auth/passwords';
import { signIn } from '../../server/services/sign-in-service';
import { describePostgres, freshPostgresDatabase } from '../postgres';

describePostgres('sign-in throttling on PostgreSQL with two instances', () => {
  let drop: () => Promise<void>;
  let instances: Kysely<Database>[];
  const now = new Date('2026-11-22T03:00:00.000Z');

  beforeEach(async () => {
    const fresh = await freshPostgresDatabase();
    drop = fresh.drop;
    instances = [openPostgresKysely(fresh.url).kysely, openPostgresKysely(fresh.url).kysely];
    await migrateToLatest(instances[0]!);
    await createUser(instances[0]!, { username: 'canbo', role: 'staff', passwordHash: await hashPassword('mat-khau-dung-1'), now: now.toISOString() });
  });
  afterEach(async () => {
    for (const db of instances) await db.destroy();
    await drop();
  });

  const tally = (results: { ok: boolean; reason?: string }[]) =>
    results.reduce<Record<string, number>>((t, r) => ({ ...t, [r.ok ? 'ok' : r.reason!]: (t[r.ok ? 'ok' : r.reason!] ?? 0) + 1 }), {});
  const checked = async () =>
    Number((await instances[0]!.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'login-failed').executeTakeFirstOrThrow()).n);

  it('checks at most 5 of 30 wrong passwords sent at once for one user from one address, across both instances', async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signIn(instances[i % 2]!, { username: 'canbo', password: `sai-${i}`, address: '203.0.113.9', now })),
    );
    expect(tally(results as never)).toEqual({ failed: 5, throttled: 25 });
    expect(await checked()).toBe(5);
  });

  it('checks at most 10 of 100 wrong passwords from 100 addresses, and lets the real user in afterwards from an address known to them', async () => {
    expect((await signIn(instances[0]!, { username: 'canbo', password: 'mat-khau-dung-1', address: '192.0.2.50', now })).ok).toBe(true);
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => signIn(instances[i % 2]!, { username: 'canbo', password: `sai-${i}`, address: `198.51.100.${i + 1}`, now })),
    );
    expect(tally(results as never)).toEqual({ failed: 10, throttled: 90 });
    expect((await signIn(instances[1]!, { username: 'canbo', password: 'mat-khau-dung-1', address: '192.0.2.50', now })).ok).toBe(true);
  });
});
