import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { importFile } from '../../imports/run-import';
import { createApp } from '../../server/app';
import { addUser, csrfFrom, csv, fixedClock, HEADER, openTestDb, testConfig, writeCsv } from '../helpers';

const clock = fixedClock();
let db: CatalogueDb;
beforeEach(async () => {
  db = await openTestDb();
  await importFile(db, writeCsv(csv([HEADER, ['1.001193', 'Đăng ký khai sinh', 'Sở Tư pháp', '3', '', '', '', '']])), {}, clock);
});
afterEach(async () => {
  await db.close();
});

describe('the public page cache', () => {
  it('serves the same page again without querying, until an import changes the catalogue', async () => {
    const app = createApp({ db, config: testConfig, clock, log: () => undefined });
    const first = await request(app).get('/procedures').expect(200);
    // Change the data behind the cache's back: a cached page does not see it…
    await db.kysely.updateTable('procedure').set({ name: 'Tên đổi ngầm' }).execute();
    const second = await request(app).get('/procedures').expect(200);
    expect(second.text).toBe(first.text);
    // …an import does (the catalogue version goes up).
    await importFile(db, writeCsv(csv([HEADER, ['1.000894', 'Đăng ký kết hôn', 'Sở Tư pháp', '4', '', '', '', '']])), {}, clock);
    const third = await request(app).get('/procedures').expect(200);
    expect(third.text).toContain('Đăng ký kết hôn');
    expect(third.text).toContain('Tên đổi ngầm');
  });

  it('keeps languages apart and never caches a signed-in page or an error', async () => {
    const app = createApp({ db, config: testConfig, clock, log: () => undefined });
    const vi = await request(app).get('/procedures').expect(200);
    const en = await request(app).get('/procedures').set('Cookie', 'lang=en').expect(200);
    expect(vi.text).toContain('lang="vi"');
    expect(en.text).toContain('lang="en"');

    await addUser(db, 'canbo', 'mat-khau-dung-1', 'staff');
    const agent = request.agent(app);
    const login = await agent.get('/login');
    await agent.post('/login').type('form').send({ _csrf: csrfFrom(login.text), username: 'canbo', password: 'mat-khau-dung-1' }).expect(303);
    const signedIn = await agent.get('/procedures').expect(200);
    expect(signedIn.text).toContain('Đăng xuất (canbo)');
    expect((await request(app).get('/procedures')).text).not.toContain('Đăng xuất');

    await request(app).get('/procedures/9.999999').expect(404);
  });

  it('keeps each page gzipped too, for clients that ask, with its own ETag, and answers 304 to either', async () => {
    const app = createApp({ db, config: testConfig, clock, log: () => undefined });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    // Plain node:http, which (unlike supertest) hands over the bytes as sent.
    const get = (headers: Record<string, string>) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path: '/coverage', headers }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
          })
          .on('error', reject);
      });
    try {
      for (let round = 0; round < 2; round++) {
        // Round 0 draws and keeps the page; round 1 is a hit: the same answers both times.
        const plain = await get({ 'Accept-Encoding': 'identity' });
        const gzipped = await get({ 'Accept-Encoding': 'gzip, deflate, br' });
        expect([plain.status, gzipped.status]).toEqual([200, 200]);
        expect(plain.headers['content-encoding']).toBeUndefined();
        expect(gzipped.headers['content-encoding']).toBe('gzip');
        expect(gzipped.headers.vary).toMatch(/Accept-Encoding/);
        expect(gzipped.body.length).toBeLessThan(plain.body.length / 3);
        expect(zlib.gunzipSync(gzipped.body).toString('utf8')).toBe(plain.body.toString('utf8'));
        expect(plain.body.toString('utf8')).toContain('Sở Tư pháp');
        expect(gzipped.headers.etag).not.toBe(plain.headers.etag);
        expect((await get({ 'Accept-Encoding': 'gzip', 'If-None-Match': gzipped.headers.etag! })).status).toBe(304);
        expect((await get({ 'Accept-Encoding': 'identity', 'If-None-Match': plain.headers.etag! })).status).toBe(304);
        // gzip;q=0 means "not gzip".
        expect((await get({ 'Accept-Encoding': 'gzip;q=0' })).headers['content-encoding']).toBeUndefined();
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('sets no cookie on public pages; a page with a form sets the CSRF cookie its token is made from', async () => {
    const app = createApp({ db, config: testConfig, clock, log: () => undefined });
    for (const path of ['/', '/procedures', '/procedures/1.001193', '/agencies', '/coverage', '/api/procedures']) {
      const res = await request(app).get(path).expect(200);
      expect([path, res.headers['set-cookie']]).toEqual([path, undefined]);
    }
    const login = await request(app).get('/login').expect(200);
    expect(String(login.headers['set-cookie'])).toMatch(/^csrf=[\w-]{20,}; Path=\/; HttpOnly; SameSite=Lax/);
    expect(csrfFrom(login.text).length).toBeGreaterThan(20);
    // A form posted without that cookie is refused.
    await request(app).post('/login').type('form').send({ _csrf: csrfFrom(login.text), username: 'x', password: 'y' }).expect(403);
  });

  it('caches the JSON API as well, until the catalogue changes', async () => {
    const app = createApp({ db, config: testConfig, clock, log: () => undefined });
    const first = await request(app).get('/api/procedures').expect(200).expect('Content-Type', /application\/json/);
    await db.kysely.updateTable('procedure').set({ name: 'Tên đổi ngầm' }).execute();
    expect((await request(app).get('/api/procedures').expect(200)).body).toEqual(first.body);
    await importFile(db, writeCsv(csv([HEADER, ['1.000894', 'Đăng ký kết hôn', 'Sở Tư pháp', '4', '', '', '', '']])), {}, clock);
    const after = await request(app).get('/api/procedures').expect(200);
    expect(JSON.stringify(after.body)).toContain('Tên đổi ngầm');
    expect(JSON.stringify(after.body)).toContain('Đăng ký kết hôn');
  });

  it('starts afresh on a new day in Vietnam, since the dashboard is drawn "as of today"', async () => {
    let now = new Date('2026-03-31T16:59:00Z'); // 23:59 on 31/03 in Vietnam
    const movingClock = { now: () => now };
    const app = createApp({ db, config: testConfig, clock: movingClock, log: () => undefined });
    expect((await request(app).get('/coverage').expect(200)).text).toContain('31/03/2026');
    now = new Date('2026-03-31T17:01:00Z'); // 00:01 on 01/04
    const next = await request(app).get('/coverage').expect(200);
    expect(next.text).toContain('01/04/2026');
    expect(next.text).not.toContain('31/03/2026');
  });
});

