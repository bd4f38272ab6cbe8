/**
 * Every route that can change something, found by walking the app's own router (so a route added later is
 * covered too), refuses a request a cross-site page could make the admin's browser send: urlencoded or
 * multipart, without a token, with another browser's cookie and token, or with a token from before sign-out.
 */
import type { Express } from 'express';
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { importFile } from '../../imports/run-import';
import { ImportJobs } from '../../server/services/import-jobs';
import { csrfFrom, csv, fixedClock, HEADER, openTestApp, writeCsv } from '../helpers';

const clock = fixedClock();
let db: CatalogueDb;
let jobs: ImportJobs;
let app: Express;
let importId: number;
let uploadToken: string;

type Agent = ReturnType<typeof request.agent>;

async function signedIn(username: string, password: string): Promise<Agent> {
  const agent = request.agent(app);
  const page = await agent.get('/login').expect(200);
  await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), username, password }).expect(303);
  return agent;
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every (method, path) the app registers, through every router it mounts. */
function registeredRoutes(stack: Layer[]): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  for (const layer of stack) {
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods)) if (on) out.push({ method: method.toUpperCase(), path: layer.route.path });
    } else if (layer.handle?.stack) out.push(...registeredRoutes(layer.handle.stack));
  }
  return out;
}

const unsafeRoutes = () =>
  registeredRoutes((app as unknown as { router: { stack: Layer[] } }).router.stack).filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method));

/** A real target for each parameter, so that a request that got through would change something. */
const fillPath = (path: string) => path.replace(':username', 'canbo').replace(':token', uploadToken).replace(':id', String(importId));

/** What a successful forgery would have changed. */
async function state() {
  const users = await db.kysely.selectFrom('app_user').select(['username', 'disabled', 'password_hash']).orderBy('username').execute();
  const imports = await db.kysely.selectFrom('import_run').selectAll().orderBy('id').execute();
  const uploads = await db.kysely.selectFrom('import_upload').select(['token', 'status']).execute();
  const sessions = await db.kysely.selectFrom('user_session').select('token_hash').orderBy('token_hash').execute();
  const targets = await db.kysely.selectFrom('coverage_target').selectAll().execute();
  return { users, imports, uploads, sessions, targets };
}

let close: () => Promise<void>;

beforeEach(async () => {
  ({ db, jobs, app, close } = await openTestApp(clock, [['canbo', 'mat-khau-dung-1', 'staff'], ['quantri', 'mat-khau-dung-2', 'admin']]));
  const base = [['1.001193', 'Đăng ký khai sinh', 'Sở Tư pháp', '3', 'Hộ tịch', 'Cấp tỉnh', 'Không', '']];
  importId = (await importFile(db, writeCsv(csv([HEADER, ...base])), { asOf: '2020-03-31', runBy: 'seed' }, clock)).importId!;
  // A previewed upload by the admin, waiting for its confirmation.
  const admin = await signedIn('quantri', 'mat-khau-dung-2');
  const form = await admin.get('/imports/new').expect(200);
  const next = [['1.001193', 'Đăng ký khai sinh', 'Sở Tư pháp', '4', 'Hộ tịch', 'Cấp tỉnh', 'Có', '']];
  const uploaded = await admin.post('/imports').field('_csrf', csrfFrom(form.text)).attach('file', Buffer.from(csv([HEADER, ...next])), 'ds.csv').expect(303);
  uploadToken = /\/imports\/uploads\/([\w-]+)/.exec(uploaded.headers.location)![1]!;
  await jobs.wait(uploadToken, 5000);
});
afterEach(async () => {
  await close();
});

const isCsrfRefusal = (res: request.Response) => res.status === 403 && res.text.includes('Biểu mẫu đã hết hạn');

describe('CSRF: every state-changing route', () => {
  it('finds the routes to check by walking the app (more than the ones known today, never fewer)', () => {
    const found = unsafeRoutes().map((r) => `${r.method} ${r.path}`);
    for (const known of ['POST /login', 'POST /logout', 'POST /imports', 'POST /imports/uploads/:token/confirm', 'POST /imports/:id/undo', 'POST /admin/users/:username/disable', 'POST /admin/targets']) {
      expect(found).toContain(known);
    }
  });

  it('a forged form would work if the token were right (the checks below can fail)', async () => {
    const admin = await signedIn('quantri', 'mat-khau-dung-2');
    const page = await admin.get('/admin/users').expect(200);
    await admin.post('/admin/users/canbo/disable').type('form').send({ _csrf: csrfFrom(page.text) }).expect(303);
    expect((await state()).users.find((u) => u.username === 'canbo')!.disabled).toBe(1);
  });

  it('refuses urlencoded and multipart requests without a token, and changes nothing', async () => {
    const admin = await signedIn('quantri', 'mat-khau-dung-2');
    const before = await state();
    for (const route of unsafeRoutes()) {
      const url = fillPath(route.path);
      const plain = await admin.post(url).type('form').send({ username: 'moi', password: 'mat-khau-rat-dai-1', role: 'admin', year: '2026', level4Pct: '50' });
      expect({ route: url, refused: isCsrfRefusal(plain) }).toEqual({ route: url, refused: true });
      const multipart = await admin.post(url).field('username', 'moi').field('year', '2026').attach('file', Buffer.from(csv([HEADER])), 'x.csv');
      expect({ route: url, multipart: true, refused: isCsrfRefusal(multipart) }).toEqual({ route: url, multipart: true, refused: true });
    }
    expect(await state()).toEqual(before);
  });

  it("refuses another browser's cookie and token sent with the admin's session", async () => {
    const admin = await signedIn('quantri', 'mat-khau-dung-2');
    const adminCookies = (await admin.get('/admin/users')).request.cookies as unknown as string;
    const sid = /(?:^|; )(sid=[^;]+)/.exec(adminCookies)![1];
    // The attacker's own browser: a sign-in page (pre-session) and a signed-in page (their own session).
    const stranger = request.agent(app);
    const login = await stranger.get('/login').expect(200);
    const strangerCookie = /(csrf=[^;]+)/.exec(String(login.headers['set-cookie']))![1];
    const staff = await signedIn('canbo', 'mat-khau-dung-1');
    const staffToken = csrfFrom((await staff.get('/imports/new')).text);
    const before = await state();
    for (const route of unsafeRoutes()) {
      const url = fillPath(route.path);
      for (const token of [csrfFrom(login.text), staffToken]) {
        const plain = await request(app).post(url).set('Cookie', `${sid}; ${strangerCookie}`).type('form').send({ _csrf: token });
        expect({ route: url, refused: isCsrfRefusal(plain) }).toEqual({ route: url, refused: true });
        const multipart = await request(app).post(url).set('Cookie', `${sid}; ${strangerCookie}`).field('_csrf', token).attach('file', Buffer.from(csv([HEADER])), 'x.csv');
        expect({ route: url, multipart: true, refused: isCsrfRefusal(multipart) }).toEqual({ route: url, multipart: true, refused: true });
      }
    }
    expect(await state()).toEqual(before);
  });

  it('refuses a token from before sign-out once signed in again', async () => {
    const admin = await signedIn('quantri', 'mat-khau-dung-2');
    const old = csrfFrom((await admin.get('/admin/users')).text);
    await admin.post('/logout').type('form').send({ _csrf: old }).expect(303);
    const login = await admin.get('/login').expect(200);
    // The sign-in form's token belongs to the visit before signing in: not valid after it either.
    const preSignIn = csrfFrom(login.text);
    await admin.post('/login').type('form').send({ _csrf: preSignIn, username: 'quantri', password: 'mat-khau-dung-2' }).expect(303);
    const before = await state();
    for (const route of unsafeRoutes()) {
      const url = fillPath(route.path);
      for (const token of [old, preSignIn]) {
        const plain = await admin.post(url).type('form').send({ _csrf: token });
        expect({ route: url, refused: isCsrfRefusal(plain) }).toEqual({ route: url, refused: true });
        const multipart = await admin.post(url).field('_csrf', token).attach('file', Buffer.from(csv([HEADER])), 'x.csv');
        expect({ route: url, multipart: true, refused: isCsrfRefusal(multipart) }).toEqual({ route: url, multipart: true, refused: true });
      }
    }
    expect(await state()).toEqual(before);
    await admin.get('/imports').expect(200);
  });
});
