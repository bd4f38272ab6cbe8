import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { findUserByName, listAudit } from '../../db/account-repository';
import { verifyPassword } from '../../server/auth/passwords';
import { setAccountDisabled } from '../../server/services/account-service';
import { createApp } from '../../server/app';
import type { Clock } from '../../domain/time';
import { addUser, csrfFrom, openTestDb, signedInAgent, testConfig } from '../helpers';

let db: CatalogueDb;
const clock: Clock = { now: () => new Date('2026-11-22T03:00:00.000Z') };

beforeEach(async () => {
  db = await openTestDb();
  await addUser(db, 'canbo', 'mat-khau-dung-1', 'staff');
  await addUser(db, 'quantri', 'mat-khau-dung-2', 'admin');
});
afterEach(async () => {
  await db.close();
});

const app = () => createApp({ db, config: testConfig, clock, log: () => undefined });

const signedIn = (username: string, password: string) => signedInAgent(app(), username, password);

const sessionsOf = async (username: string) =>
  (
    await db.kysely
      .selectFrom('user_session')
      .innerJoin('app_user', 'app_user.id', 'user_session.user_id')
      .select('user_session.token_hash')
      .where('app_user.username', '=', username)
      .execute()
  ).length;

describe('/admin/users', () => {
  it('is for administrators only', async () => {
    expect((await request(app()).get('/admin/users').expect(303)).headers.location).toBe('/login?next=%2Fadmin%2Fusers');
    const staff = await signedIn('canbo', 'mat-khau-dung-1');
    await staff.get('/admin/users').expect(403);
    const page = await staff.get('/account/password').expect(200);
    const token = csrfFrom(page.text);
    await staff.post('/admin/users').type('form').send({ _csrf: token, username: 'moi', role: 'admin', password: 'mat-khau-rat-dai', confirmation: 'mat-khau-rat-dai' }).expect(403);
    await staff.post('/admin/users/quantri/disable').type('form').send({ _csrf: token }).expect(403);
    await staff.post('/admin/users/quantri/password').type('form').send({ _csrf: token, password: 'x'.repeat(12), confirmation: 'x'.repeat(12) }).expect(403);
    expect(await findUserByName(db.kysely, 'moi')).toBeNull();
    expect((await findUserByName(db.kysely, 'quantri'))!.disabled).toBe(false);
  });

  it('creates an account that can sign in, and records who did it', async () => {
    const admin = await signedIn('quantri', 'mat-khau-dung-2');
    const page = await admin.get('/admin/users').expect(200);
    expect(page.text).toMatch(/<th scope="row">canbo<\/th>\s*<td>Cán bộ<\/td>\s*<td>Đang hoạt động<\/td>/);
    const created = await admin
      .post('/admin/users')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: ' Nguyen.VanA ', role: 'staff', password: 'mat-khau-moi-123', confirmation: 'mat-khau-moi-123' })
      .expect(303);
    expect(created.headers.location).toBe('/admin/users?created=nguyen.vana');
    expect((await admin.get(created.headers.location).expect(200)).text).toContain('Đã tạo tài khoản nguyen.vana.');
    await signedIn('nguyen.vana', 'mat-khau-moi-123');
    const { entries } = await listAudit(db.kysely, 10, 0);
    expect(entries.find((e) => e.action === 'user-created')).toMatchObject({ actor: 'quantri', detail: { username: 'nguyen.vana', role: 'staff' } });
    // The log reads in the page's language, codes included.
    expect((await admin.get('/admin/audit').expect(200)).text).toContain('tài khoản: nguyen.vana; vai trò: Cán bộ');
  });

  it('refuses a wrong form with every problem linked to its field, keeps the name as text and never the password', async () => {
    const admin = await signedIn('quantri', 'mat-khau-dung-2');
    const page = await admin.get('/admin/users').expect(200);
    const bad = await admin
      .post('/admin/users')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: '<b>Ông A</b>', role: 'root', password: 'ngan', confirmation: 'khac' })
      .expect(422);
    const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(bad.text)![0];
    expect(summary).toContain('<a href="#username">Tên đăng nhập phải có 3–50 ký tự');
    expect(summary).toContain('<a href="#role-staff">Hãy chọn vai trò.</a>');
    expect(summary).toContain('<a href="#password">Mật khẩu phải có ít nhất 10 ký tự.</a>');
    expect(summary).toContain('<a href="#confirmation">Hai lần nhập mật khẩu không khớp.</a>');
    expect(bad.text).toContain('value="&lt;b&gt;Ông A&lt;/b&gt;"');
    expect(bad.text).not.toContain('ngan"');
    const taken = await admin
      .post('/admin/users')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: 'CanBo', role: 'staff', password: 'mat-khau-moi-123', confirmation: 'mat-khau-moi-123' })
      .expect(422);
    expect(taken.text).toContain('Tên đăng nhập này đã có người dùng.');
    expect((await db.kysely.selectFrom('app_user').select('username').execute()).map((u) => u.username).sort()).toEqual(['canbo', 'quantri']);
  });

  it('disables an account (ending its sessions at once) and enables it again', async () => {
    const staff = await signedIn('canbo', 'mat-khau-dung-1');
    await staff.get('/imports').expect(200);
    const admin = await signedIn('quantri', 'mat-khau-dung-2');
    const page = await admin.get('/admin/users').expect(200);
    const res = await admin.post('/admin/users/canbo/disable').type('form').send({ _csrf: csrfFrom(page.text) }).expect(303);
    expect(res.headers.location).toBe('/admin/users?disabled=canbo');
    expect(await sessionsOf('canbo')).toBe(0);
    await staff.get('/imports').expect(303);
    expect((await admin.get('/admin/users').expect(200)).text).toMatch(/<th scope="row">canbo<\/th>\s*<td>Cán bộ<\/td>\s*<td>Đã khoá<\/td>/);
    await admin.post('/admin/users/canbo/enable').type('form').send({ _csrf: csrfFrom(page.text) }).expect(303);
    await signedIn('canbo', 'mat-khau-dung-1');
  });

  it('never lets an administrator lock themself out, nor disable the last active administrator', async () => {
    const admin = await signedIn('quantri', 'mat-khau-dung-2');
    const page = await admin.get('/admin/users').expect(200);
    // No button to disable oneself; a hand-made request is refused.
    expect(page.text).not.toContain('action="/admin/users/quantri/disable"');
    const self = await admin.post('/admin/users/quantri/disable').type('form').send({ _csrf: csrfFrom(page.text) }).expect(409);
    expect(self.text).toContain('Không thể tự khoá tài khoản của mình.');
    await addUser(db, 'quantri2', 'mat-khau-dung-3', 'admin');
    const other = await signedIn('quantri2', 'mat-khau-dung-3');
    const otherPage = await other.get('/admin/users').expect(200);
    await other.post('/admin/users/quantri/disable').type('form').send({ _csrf: csrfFrom(otherPage.text) }).expect(303);
    expect((await findUserByName(db.kysely, 'quantri'))!.disabled).toBe(true);
    // quantri2 is now the last active administrator: no one can disable it, from the web or the command line.
    expect(await setAccountDisabled(db.kysely, 'quantri2', true, { name: 'cli', now: new Date() })).toEqual({ ok: false, problems: ['last-admin'] });
    expect((await findUserByName(db.kysely, 'quantri2'))!.disabled).toBe(false);
    await other.post('/admin/users/nobody/disable').type('form').send({ _csrf: csrfFrom(otherPage.text) }).expect(404);
  });

  it('resets a password: the new one works, the old one does not, and every session of that account ends', async () => {
    const staff = await signedIn('canbo', 'mat-khau-dung-1');
    const admin = await signedIn('quantri', 'mat-khau-dung-2');
    const form = await admin.get('/admin/users/canbo/password').expect(200);
    expect(form.text).toContain('Đặt lại mật khẩu cho canbo');
    await admin.post('/admin/users/canbo/password').type('form').send({ _csrf: csrfFrom(form.text), password: 'mat-khau-moi-456', confirmation: 'khac-han' }).expect(422);
    const res = await admin.post('/admin/users/canbo/password').type('form').send({ _csrf: csrfFrom(form.text), password: 'mat-khau-moi-456', confirmation: 'mat-khau-moi-456' }).expect(303);
    expect(res.headers.location).toBe('/admin/users?reset=canbo');
    await staff.get('/imports').expect(303);
    expect(await verifyPassword('mat-khau-moi-456', (await findUserByName(db.kysely, 'canbo'))!.passwordHash)).toBe(true);
    await admin.get('/admin/users/khong-co/password').expect(404);
  });
});

describe('/admin/audit', () => {
  it('shows the last page for a page number past the end, not an empty table', async () => {
    const entries = Array.from({ length: 150 }, (_, i) => ({ at: `2026-11-0${1 + (i % 9)}T00:00:00.000Z`, actor: `nguoi-${i}`, action: 'login-failed', detail: '{}', address: null }));
    await db.kysely.insertInto('audit_log').values(entries).execute();
    const admin = await signedIn('quantri', 'mat-khau-dung-2');
    const page = await admin.get('/admin/audit?page=9').expect(200);
    expect(page.text).toContain('aria-current="page" aria-label="Trang 2"');
    expect((page.text.match(/<tr>/g) ?? []).length).toBeGreaterThan(40);
  });
});

describe('/account/password', () => {
  it('lets a signed-in user change their own password, staying signed in here and ending their other sessions', async () => {
    const elsewhere = await signedIn('canbo', 'mat-khau-dung-1');
    const here = await signedIn('canbo', 'mat-khau-dung-1');
    expect(await sessionsOf('canbo')).toBe(2);
    const page = await here.get('/account/password').expect(200);
    const wrong = await here
      .post('/account/password')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), current: 'sai', password: 'mat-khau-moi-789', confirmation: 'mat-khau-moi-789' })
      .expect(422);
    expect(wrong.text).toContain('<a href="#current">Mật khẩu hiện tại không đúng.</a>');
    const res = await here
      .post('/account/password')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), current: 'mat-khau-dung-1', password: 'mat-khau-moi-789', confirmation: 'mat-khau-moi-789' })
      .expect(303);
    expect(res.headers.location).toBe('/account/password?done=1');
    expect((await here.get('/account/password?done=1').expect(200)).text).toContain('Đã đổi mật khẩu.');
    await elsewhere.get('/imports').expect(303);
    expect(await sessionsOf('canbo')).toBe(1);
    await signedIn('canbo', 'mat-khau-moi-789');
    expect((await listAudit(db.kysely, 5, 0)).entries.some((e) => e.action === 'password-changed' && e.actor === 'canbo')).toBe(true);
  });

  it('asks an anonymous visitor to sign in', async () => {
    expect((await request(app()).get('/account/password').expect(303)).headers.location).toBe('/login?next=%2Faccount%2Fpassword');
  });
});
