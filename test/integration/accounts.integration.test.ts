import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { listAudit } from '../../db/account-repository';
import { createApp } from '../../server/app';
import type { Clock } from '../../domain/time';
import { addUser, csrfFrom, openTestDb, testConfig } from '../helpers';

let db: CatalogueDb;
let now: Date;
const clock: Clock = { now: () => now };

beforeEach(async () => {
  db = await openTestDb();
  now = new Date('2026-11-22T03:00:00.000Z');
  await addUser(db, 'canbo', 'mat-khau-dung-1', 'staff');
  await addUser(db, 'quantri', 'mat-khau-dung-2', 'admin');
});
afterEach(async () => {
  await db.close();
});

const app = (config = testConfig) => createApp({ db, config, clock, log: () => undefined });

async function signIn(agent: ReturnType<typeof request.agent>, username: string, password: string) {
  const page = await agent.get('/login').expect(200);
  return agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), username, password, next: '/imports' });
}

describe('signing in and out', () => {
  it('signs in with the right password, keeps the session in the database, and signs out', async () => {
    const agent = request.agent(app());
    const res = await signIn(agent, 'canbo', 'mat-khau-dung-1');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/imports');
    const cookie = res.headers['set-cookie'] as unknown as string[];
    expect(cookie.find((c) => c.startsWith('sid='))).toMatch(/HttpOnly; SameSite=Lax/);
    expect(cookie.find((c) => c.startsWith('sid='))).not.toMatch(/Secure/);
    expect(await db.kysely.selectFrom('user_session').selectAll().execute()).toHaveLength(1);

    const page = await agent.get('/imports').expect(200);
    expect(page.text).toContain('Đăng xuất (canbo)');
    await agent.post('/logout').type('form').send({ _csrf: csrfFrom(page.text) }).expect(303);
    expect(await db.kysely.selectFrom('user_session').selectAll().execute()).toHaveLength(0);
    await agent.get('/imports').expect(303);
  });

  it('survives a restart: a new app over the same database knows the session', async () => {
    const agent = request.agent(app());
    await signIn(agent, 'canbo', 'mat-khau-dung-1');
    const sid = (await db.kysely.selectFrom('user_session').select('token_hash').execute()).length;
    expect(sid).toBe(1);
    const restarted = request.agent(app());
    // Copy the cookie to an agent for the new app instance.
    const cookies = (agent as unknown as { jar: { getCookies: (o: object) => { name: string; value: string }[] } }).jar.getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false });
    const header = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    await restarted.get('/imports').set('Cookie', header).expect(200);
  });

  it('marks the cookies Secure in production', async () => {
    const production = app({ ...testConfig, production: true, nodeEnv: 'production' });
    const page = await request(production).get('/login');
    // __Host- names: a browser takes them only over HTTPS, for the whole site, from this host alone.
    const csrfCookie = (page.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('__Host-csrf='))!;
    expect(csrfCookie).toMatch(/HttpOnly; Secure; SameSite=Lax/);
    // A browser would send the Secure cookie back over HTTPS; supertest speaks HTTP, so send it by hand.
    const res = await request(production)
      .post('/login')
      .set('Cookie', csrfCookie.split(';')[0])
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: 'canbo', password: 'mat-khau-dung-1' });
    expect(res.status).toBe(303);
    expect((res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('__Host-sid='))).toMatch(/HttpOnly; Secure; SameSite=Lax/);
  });

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const wrongPassword = await signIn(request.agent(app()), 'canbo', 'sai-mat-khau');
    const unknownUser = await signIn(request.agent(app()), 'khong-co-ai', 'sai-mat-khau');
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    const message = (html: string) => /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0];
    expect(message(wrongPassword.text)).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(message(wrongPassword.text)).toEqual(message(unknownUser.text));
  });

  it('refuses a disabled account with the same message', async () => {
    await db.kysely.updateTable('app_user').set({ disabled: 1 }).where('username', '=', 'canbo').execute();
    const res = await signIn(request.agent(app()), 'canbo', 'mat-khau-dung-1');
    expect(res.status).toBe(401);
    expect(res.text).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
  });

  it('throttles after 5 failures in 15 minutes per username, saying when to try again', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn(request.agent(app()), 'canbo', `sai-${i}`)).status).toBe(401);
    const blocked = await signIn(request.agent(app()), 'canbo', 'mat-khau-dung-1');
    expect(blocked.status).toBe(429);
    // First failure at 03:00 UTC = 10:00 in Vietnam; the window frees at 10:15.
    expect(blocked.text).toContain('Vui lòng thử lại sau 10:15 ngày 22/11/2026.');
    now = new Date('2026-11-22T03:15:01.000Z');
    expect((await signIn(request.agent(app()), 'canbo', 'mat-khau-dung-1')).status).toBe(303);
  });

  it('does not let failures for other usernames from one address lock a user out (the address rule is a delay, from 30 failures)', async () => {
    for (let i = 0; i < 5; i++) await signIn(request.agent(app()), `nguoi-${i}`, 'sai');
    expect((await signIn(request.agent(app()), 'quantri', 'mat-khau-dung-2')).status).toBe(303);
  });

  it('ends a session after the idle time', async () => {
    const agent = request.agent(app());
    await signIn(agent, 'canbo', 'mat-khau-dung-1');
    now = new Date(now.getTime() + 61 * 60_000);
    await agent.get('/imports').expect(303);
  });

  it('only redirects to paths on this site after signing in', async () => {
    const agent = request.agent(app());
    const page = await agent.get('/login');
    const res = await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), username: 'canbo', password: 'mat-khau-dung-1', next: '//evil.example/x' });
    expect(res.headers.location).toBe('/imports');
  });

  it('records sign-ins and failures in the audit log', async () => {
    await signIn(request.agent(app()), 'canbo', 'sai');
    await signIn(request.agent(app()), 'canbo', 'mat-khau-dung-1');
    const { entries } = await listAudit(db.kysely, 10, 0);
    expect(entries.map((e) => [e.actor, e.action])).toEqual([
      ['canbo', 'login'],
      ['canbo', 'login-failed'],
    ]);
  });
});

describe('CSRF', () => {
  it('refuses a POST without a token, or with a wrong one, with 403 and changes nothing', async () => {
    const agent = request.agent(app());
    await agent.get('/login');
    await agent.post('/login').type('form').send({ username: 'canbo', password: 'mat-khau-dung-1' }).expect(403);
    await agent.post('/login').type('form').send({ _csrf: 'x'.repeat(43), username: 'canbo', password: 'mat-khau-dung-1' }).expect(403);
    expect(await db.kysely.selectFrom('user_session').selectAll().execute()).toHaveLength(0);
  });

  it('refuses a token taken from another visitor (bound to the cookie)', async () => {
    const other = await request.agent(app()).get('/login');
    const agent = request.agent(app());
    await agent.get('/login');
    await agent.post('/login').type('form').send({ _csrf: csrfFrom(other.text), username: 'canbo', password: 'mat-khau-dung-1' }).expect(403);
  });

  it('refuses a signed-in POST without a token', async () => {
    const agent = request.agent(app());
    await signIn(agent, 'canbo', 'mat-khau-dung-1');
    await agent.post('/logout').type('form').send({}).expect(403);
    expect(await db.kysely.selectFrom('user_session').selectAll().execute()).toHaveLength(1);
  });
});

describe('access to staff pages', () => {
  it.each(['/imports', '/imports/new', '/imports/1', '/imports/uploads/abcdefghijklmnopqrstuvwx', '/admin/audit'])('sends an anonymous visitor of %s to sign in', async (path) => {
    const res = await request(app()).get(path).expect(303);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
  });

  it.each(['/imports', '/imports/1/undo', '/imports/uploads/abcdefghijklmnopqrstuvwx/confirm', '/imports/uploads/abcdefghijklmnopqrstuvwx/cancel'])(
    'refuses an anonymous POST to %s',
    async (path) => {
      const agent = request.agent(app());
      const page = await agent.get('/login');
      const res = await agent.post(path).type('form').send({ _csrf: csrfFrom(page.text) });
      expect([401, 403]).toContain(res.status);
    },
  );

  it('keeps the audit log and undo for administrators', async () => {
    const staff = request.agent(app());
    await signIn(staff, 'canbo', 'mat-khau-dung-1');
    await staff.get('/admin/audit').expect(403);
    const admin = request.agent(app());
    await signIn(admin, 'quantri', 'mat-khau-dung-2');
    const res = await admin.get('/admin/audit').expect(200);
    expect(res.text).toContain('Nhật ký thao tác');
    expect(res.text).toContain('quantri');
  });
});
