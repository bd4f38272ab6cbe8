/**
 * The sign-in throttle under bursts, as an attacker would send them: at once, from one address or from many.
 * Addresses come from X-Forwarded-For behind one trusted proxy (TRUST_PROXY=1), as in a real deployment.
 */
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { createApp } from '../../server/app';
import type { Clock } from '../../domain/time';
import { addUser, csrfFrom, openTestDb, testConfig } from '../helpers';

let db: CatalogueDb;
let now: Date;
const clock: Clock = { now: () => now };
let app: ReturnType<typeof createApp>;

beforeEach(async () => {
  db = await openTestDb();
  now = new Date('2026-11-22T03:00:00.000Z');
  app = createApp({ db, config: { ...testConfig, trustProxy: 1 }, clock, log: () => undefined });
  await addUser(db, 'canbo', 'mat-khau-dung-1', 'staff');
});
afterEach(async () => {
  await db.close();
});

/** One sign-in from a browser at `address`: its own sign-in page, then the form. */
async function attempt(username: string, password: string, address: string): Promise<number> {
  const agent = request.agent(app);
  const page = await agent.get('/login').set('X-Forwarded-For', address).expect(200);
  const res = await agent.post('/login').set('X-Forwarded-For', address).type('form').send({ _csrf: csrfFrom(page.text), username, password });
  return res.status;
}

const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((t, s) => ({ ...t, [s]: (t[s] ?? 0) + 1 }), {});
const checkedPasswords = async () => Number((await db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'login-failed').executeTakeFirstOrThrow()).n);

describe('the sign-in throttle', () => {
  it('checks at most 5 passwords of 30 wrong ones sent at once for one user from one address', async () => {
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => attempt('canbo', `sai-${i}`, '203.0.113.9')));
    expect(tally(statuses)).toEqual({ 401: 5, 429: 25 });
    expect(await checkedPasswords()).toBe(5);
  });

  it('checks at most 10 passwords of 100 sent at once from 100 addresses, and the rest wait longer each time', async () => {
    const statuses = await Promise.all(Array.from({ length: 100 }, (_, i) => attempt('canbo', `sai-${i}`, `198.51.100.${i + 1}`)));
    expect(tally(statuses)).toEqual({ 401: 10, 429: 90 });
    // After 10 failures the 11th attempt waits 1 s, then 2 s after the next failure, and so on.
    now = new Date(now.getTime() + 1500);
    expect(await attempt('canbo', 'sai', '192.0.2.1')).toBe(401);
    now = new Date(now.getTime() + 1500);
    expect(await attempt('canbo', 'sai', '192.0.2.2')).toBe(429);
    now = new Date(now.getTime() + 1000);
    expect(await attempt('canbo', 'sai', '192.0.2.3')).toBe(401);
  });

  it("keeps the real user in from their usual address while a stranger's burst slows everyone else", async () => {
    expect(await attempt('canbo', 'mat-khau-dung-1', '192.0.2.50')).toBe(303);
    await Promise.all(Array.from({ length: 40 }, (_, i) => attempt('canbo', `sai-${i}`, `198.51.100.${i + 1}`)));
    // Their usual address: straight in. A new address: made to wait, not locked for good.
    expect(await attempt('canbo', 'mat-khau-dung-1', '192.0.2.50')).toBe(303);
    expect(await attempt('canbo', 'mat-khau-dung-1', '192.0.2.99')).toBe(429);
  });

  it('does not let many failures from one shared address keep out users who sign in from it', async () => {
    expect(await attempt('canbo', 'mat-khau-dung-1', '10.1.1.1')).toBe(303);
    await addUser(db, 'moi', 'mat-khau-dung-3', 'staff');
    for (let i = 0; i < 30; i++) await attempt(`nguoi-${i}`, 'sai', '10.1.1.1');
    expect(await attempt('canbo', 'mat-khau-dung-1', '10.1.1.1')).toBe(303);
    // A user who never signed in from it is slowed (the growing delay), not barred: a little later, in.
    expect(await attempt('moi', 'mat-khau-dung-3', '10.1.1.1')).toBe(429);
    now = new Date(now.getTime() + 2000);
    expect(await attempt('moi', 'mat-khau-dung-3', '10.1.1.1')).toBe(303);
  });

  it('takes the address the proxy saw, not one the client wrote before it', async () => {
    for (let i = 0; i < 5; i++) await attempt('canbo', 'sai', `203.0.113.${i + 1}, 192.0.2.7`);
    // Five different left-most entries, one real address: the pair limit holds.
    expect(await attempt('canbo', 'mat-khau-dung-1', '203.0.113.200, 192.0.2.7')).toBe(429);
    const addresses = await db.kysely.selectFrom('audit_log').select('address').distinct().execute();
    expect(addresses).toEqual([{ address: '192.0.2.7' }]);
  });

  it('stores no address that is not one', async () => {
    await attempt('canbo', 'sai', '<script>alert(1)</script>');
    const [entry] = await db.kysely.selectFrom('audit_log').select('address').execute();
    expect(entry!.address).toBeNull();
  });
});
