/**
 * Two app instances on one PostgreSQL database, as behind a reverse proxy: what one instance writes (a
 * session, a target, a change to the catalogue) the other serves on its next request, its caches included.
 * The catalogue is made on SQLite by the importer and moved with db:copy (imports on PostgreSQL come next).
 */
import type { Express } from 'express';
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { openDatabase } from '../../db/connection';
import { copyCatalogue } from '../../db/copy';
import { migrateToLatest } from '../../db/migrate';
import { createApp } from '../../server/app';
import type { Clock } from '../../domain/time';
import { BASE_ROWS, load } from '../coverage-fixtures';
import { importFile } from '../../imports/run-import';
import { addUser, csrfFrom, csv, HEADER, openTestDb, testConfig, writeCsv } from '../helpers';
import { describePostgres, freshPostgresDatabase } from '../postgres';

describePostgres('two app instances on one PostgreSQL database', () => {
  const clock: Clock = { now: () => new Date('2026-11-22T03:00:00.000Z') };
  let drop: () => Promise<void>;
  let one: CatalogueDb;
  let two: CatalogueDb;
  let appOne: Express;
  let appTwo: Express;

  beforeAll(async () => {
    const sqlite = await openTestDb();
    await load(sqlite, BASE_ROWS, '2026-06-30');
    await addUser(sqlite, 'quantri', 'mat-khau-dung-2', 'admin');
    const fresh = await freshPostgresDatabase();
    drop = fresh.drop;
    one = openDatabase(fresh.url, { lockWaitMs: 500 });
    two = openDatabase(fresh.url, { lockWaitMs: 500 });
    await migrateToLatest(one.kysely);
    await copyCatalogue(sqlite.kysely, one.kysely);
    await sqlite.close();
    appOne = createApp({ db: one, config: testConfig, clock, log: (e: unknown) => console.error(e) });
    appTwo = createApp({ db: two, config: testConfig, clock, log: () => undefined });
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await drop?.();
  });

  /** Signs in on one instance; returns the cookies, which the other instance must accept. */
  async function signInOn(app: Express): Promise<string[]> {
    const agent = request.agent(app);
    const page = await agent.get('/login').expect(200);
    const res = await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), username: 'quantri', password: 'mat-khau-dung-2' }).expect(303);
    return (res.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]!);
  }

  it('serves the same catalogue and dashboard from both', async () => {
    const [a, b] = await Promise.all([request(appOne).get('/procedures').expect(200), request(appTwo).get('/procedures').expect(200)]);
    expect(a.text).toBe(b.text);
    const [c, d] = await Promise.all([request(appOne).get('/coverage').expect(200), request(appTwo).get('/coverage').expect(200)]);
    expect(c.text).toBe(d.text);
  });

  it('keeps a session made on one instance on the other, and ends it on both at sign-out', async () => {
    const cookies = await signInOn(appOne);
    const onTwo = await request(appTwo).get('/admin/targets').set('Cookie', cookies.join('; ')).expect(200);
    // The form's token made on instance two is accepted by instance one: the CSRF secret and session are shared.
    const page = await request(appOne).get('/admin/targets').set('Cookie', cookies.join('; ')).expect(200);
    expect(csrfFrom(onTwo.text)).toBe(csrfFrom(page.text));
    await request(appTwo).post('/logout').set('Cookie', cookies.join('; ')).type('form').send({ _csrf: csrfFrom(onTwo.text) }).expect(303);
    const after = await request(appOne).get('/admin/targets').set('Cookie', cookies.join('; ')).expect(303);
    expect(after.headers.location).toMatch(/^\/login/);
  });

  it('shows a target saved through one instance on the other instance’s cached dashboard at once', async () => {
    const cookies = await signInOn(appOne);
    expect((await request(appTwo).get('/coverage').expect(200)).text).not.toContain('87,5%');
    const form = await request(appOne).get('/admin/targets').set('Cookie', cookies.join('; ')).expect(200);
    await request(appOne)
      .post('/admin/targets')
      .set('Cookie', cookies.join('; '))
      .type('form')
      .send({ _csrf: csrfFrom(form.text), year: '2026', percent: '87,5', basis: 'eligible', note: 'Kế hoạch 96/KH-UBND' })
      .expect(303);
    expect((await request(appTwo).get('/coverage').expect(200)).text).toContain('87,5%');
  });

  it('follows an import committed through the other instance on the next request, search included', async () => {
    const before = await request(appTwo).get('/procedures?q=tam+tru').expect(200);
    expect(before.text).not.toContain('9.999001');
    const file = writeCsv(csv([HEADER, ['9.999001', 'Đăng ký tạm trú mới', 'Công an tỉnh', 'Mức độ 4', 'Cư trú', 'Cấp tỉnh', 'Có', '']]));
    expect((await importFile(one, file, { asOf: '2026-07-01' }, clock)).status).toBe('imported');
    const after = await request(appTwo).get('/procedures?q=tam+tru').expect(200);
    expect(after.text).toContain('9.999001');
    expect(after.text).toContain('Đăng ký tạm trú mới');
  });

  it('answers "try again" on one instance while the other holds the catalogue for an import', async () => {
    await two.begin();
    try {
      const cookies = await signInOn(appOne);
      const form = await request(appOne).get('/admin/targets').set('Cookie', cookies.join('; ')).expect(200);
      // Saving a target marks the catalogue changed, which waits for the import's lock: after 500 ms, 409.
      const res = await request(appOne)
        .post('/admin/targets')
        .set('Cookie', cookies.join('; '))
        .type('form')
        .send({ _csrf: csrfFrom(form.text), year: '2027', percent: '90', basis: 'eligible', note: '' });
      expect(res.status).toBe(409);
    } finally {
      await two.rollback();
    }
  });
});

describePostgres('housekeeping with several instances on PostgreSQL', () => {
  it('runs on one instance at a time: the others skip the round', async () => {
    const { sweep } = await import('../../server/services/housekeeping');
    const fresh = await freshPostgresDatabase();
    const a = openDatabase(fresh.url);
    const b = openDatabase(fresh.url);
    try {
      await migrateToLatest(a.kysely);
      const options = { now: new Date('2026-11-22T03:00:00.000Z'), sessionIdleMinutes: 30 };
      // Instance a is sweeping (it holds the lock on one of its connections) when instance b's round comes.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const { exclusively, LOCK_KEYS } = await import('../../db/dialect');
      const sweeping = exclusively(a.kysely, LOCK_KEYS.housekeeping, () => held);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await sweep(b.kysely, options)).toBeNull();
      release();
      await sweeping;
      expect(await sweep(b.kysely, options)).toMatchObject({ sessions: 0, loginFailures: 0, expiredUploads: 0 });
    } finally {
      await a.close();
      await b.close();
      await fresh.drop();
    }
  });
});

describePostgres('a web import across two instances on PostgreSQL', () => {
  it('previews an upload on one instance and commits it when confirmed through the other', async () => {
    const { ImportJobs } = await import('../../server/services/import-jobs');
    const { csv: toCsv, HEADER } = await import('../helpers');
    const clock: Clock = { now: () => new Date('2026-11-22T03:00:00.000Z') };
    const fresh = await freshPostgresDatabase();
    const dbs = [openDatabase(fresh.url, { lockWaitMs: 500 }), openDatabase(fresh.url, { lockWaitMs: 500 })];
    await migrateToLatest(dbs[0]!.kysely);
    await addUser(dbs[0]!, 'canbo', 'mat-khau-dung-1', 'staff');
    // The uploaded files live in one directory both instances reach (UPLOAD_DIR on shared storage).
    const jobs = dbs.map((db) => new ImportJobs(db, clock, () => undefined));
    const apps = dbs.map((db, i) => createApp({ db, config: testConfig, clock, log: () => undefined, jobs: jobs[i] }));
    try {
      const agent = request.agent(apps[0]!);
      const login = await agent.get('/login').expect(200);
      const signedIn = await agent.post('/login').type('form').send({ _csrf: csrfFrom(login.text), username: 'canbo', password: 'mat-khau-dung-1' }).expect(303);
      const cookies = (signedIn.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]!).join('; ');
      const form = await agent.get('/imports/new').expect(200);
      const rows = [HEADER, ['1.001193', 'Đăng ký khai sinh', 'Sở Tư pháp', 'Mức độ 4', 'Hộ tịch', 'Cấp tỉnh', 'Có', ''], ['2.000908', 'Cấp giấy phép xây dựng', 'Sở Xây dựng', 'Mức độ 3', 'Xây dựng', 'Cấp tỉnh', 'Không', '']];
      const uploaded = await agent.post('/imports').field('_csrf', csrfFrom(form.text)).attach('file', Buffer.from(toCsv(rows)), 'danh-muc.csv').expect(303);
      const previewUrl = uploaded.headers.location as string;
      let preview = await agent.get(previewUrl).expect(200);
      for (let i = 0; i < 50 && !/Xác nhận/.test(preview.text); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        preview = await agent.get(previewUrl).expect(200);
      }
      expect(preview.text).toMatch(/<strong>2<\/strong>Thêm mới/);
      expect(await dbs[1]!.kysely.selectFrom('offering').selectAll().execute()).toEqual([]);

      // Confirmed through the other instance, with the same session and form token.
      const confirmed = await request(apps[1]!).post(`${previewUrl}/confirm`).set('Cookie', cookies).type('form').send({ _csrf: csrfFrom(preview.text) }).expect(303);
      let done = await request(apps[1]!).get(confirmed.headers.location).set('Cookie', cookies).redirects(1).expect(200);
      for (let i = 0; i < 50 && !/Đã nhập/.test(done.text); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        done = await request(apps[1]!).get(confirmed.headers.location).set('Cookie', cookies).redirects(1).expect(200);
      }
      // Numbered as on SQLite: the preview's rolled-back record takes no number.
      expect(done.text).toContain('Lần nhập số 1');
      expect(done.text).toMatch(/<strong>2<\/strong>\s*Thêm mới/);
      // And the first instance serves the imported catalogue on its next request.
      const page = await request(apps[0]!).get('/procedures/1.001193').expect(200);
      expect(page.text).toContain('Đăng ký khai sinh');
    } finally {
      for (const j of jobs) await j.close();
      for (const db of dbs) await db.close();
      await fresh.drop();
    }
  });
});

describePostgres('uploads interrupted by a stop, with several instances on PostgreSQL', () => {
  it('settles only uploads that have not moved for hours: another instance may be checking the recent ones', async () => {
    const { settleInterruptedUploads, INTERRUPTED_AFTER_MS } = await import('../../server/services/housekeeping');
    const fresh = await freshPostgresDatabase();
    const db = openDatabase(fresh.url);
    try {
      await migrateToLatest(db.kysely);
      await addUser(db, 'canbo', 'mat-khau-dung-1', 'staff');
      const user = await db.kysely.selectFrom('app_user').select('id').executeTakeFirstOrThrow();
      const now = new Date('2026-11-22T03:00:00.000Z');
      const at = (msAgo: number) => new Date(now.getTime() - msAgo).toISOString();
      for (const [token, updated] of [['recent-check', at(60_000)], ['old-check', at(INTERRUPTED_AFTER_MS + 60_000)]] as const) {
        await db.kysely
          .insertInto('import_upload')
          .values({ token, user_id: user.id, file_name: 'x.csv', stored_path: `/nonexistent/${token}.csv`, size_bytes: 1, sha256: 'a'.repeat(64), options: '{}', status: 'checking', report: null, preview_version: null, import_id: null, created_at: updated, updated_at: updated })
          .execute();
      }
      expect(await settleInterruptedUploads(db.kysely, now)).toBe(1);
      const statuses = await db.kysely.selectFrom('import_upload').select(['token', 'status']).orderBy('token').execute();
      expect(statuses).toEqual([
        { token: 'old-check', status: 'failed' },
        { token: 'recent-check', status: 'checking' },
      ]);
    } finally {
      await db.close();
      await fresh.drop();
    }
  });
});
