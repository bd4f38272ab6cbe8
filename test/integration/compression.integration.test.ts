/**
 * Answers the page cache does not keep (exports, style sheets, error pages) are compressed when the client
 * accepts it; the cache's own gzipped pages are not compressed twice; a page that carries a CSRF token never is.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import type { CatalogueDb } from '../../db/connection';
import { importFile } from '../../imports/run-import';
import { createApp } from '../../server/app';
import { addUser, csv, fixedClock, HEADER, openTestDb, signedInAgent, testConfig, writeCsv } from '../helpers';

const clock = fixedClock();
let db: CatalogueDb;
let server: http.Server;
let port: number;

beforeEach(async () => {
  db = await openTestDb();
  const rows = Array.from({ length: 60 }, (_, i) => [`1.${String(300000 + i)}`, `Thủ tục hành chính số ${i}`, 'Sở Tư pháp', String(1 + (i % 4)), 'Hộ tịch', 'Cấp tỉnh', 'Có', '']);
  await importFile(db, writeCsv(csv([HEADER, ...rows])), {}, clock);
  server = createApp({ db, config: testConfig, clock, log: () => undefined }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await db.close();
});

/** Plain node:http, which hands over the bytes as sent (supertest would decompress them). */
function get(path: string, acceptEncoding: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers: { 'Accept-Encoding': acceptEncoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

function decoded(answer: { headers: http.IncomingHttpHeaders; body: Buffer }): string {
  const encoding = answer.headers['content-encoding'];
  const bytes = encoding === 'br' ? zlib.brotliDecompressSync(answer.body) : encoding === 'gzip' ? zlib.gunzipSync(answer.body) : answer.body;
  return bytes.toString('utf8');
}

it('sends the catalogue export compressed to a browser, and as it is to a client that asks for identity', async () => {
  const browser = await get('/procedures.csv', 'gzip, deflate, br');
  const plain = await get('/procedures.csv', 'identity');
  expect([browser.status, plain.status]).toEqual([200, 200]);
  expect(browser.headers['content-encoding']).toBe('br');
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(browser.body.length).toBeLessThan(plain.body.length / 3);
  expect(decoded(browser)).toBe(plain.body.toString('utf8'));
  expect(plain.body.toString('utf8')).toMatch(/^\ufeffMã thủ tục,/);
});

it('compresses style sheets and error pages for a client that takes only gzip', async () => {
  const css = await get('/static/site.css', 'gzip');
  expect(css.headers['content-encoding']).toBe('gzip');
  expect(decoded(css)).toContain('@media print');
  const refused = await get('/coverage?tier=village', 'gzip');
  expect(refused.status).toBe(400);
  expect(refused.headers['content-encoding']).toBe('gzip');
  expect(decoded(refused)).toContain('Có lỗi xảy ra');
});

it('leaves the page cache’s gzipped pages alone: one encoding, readable, miss and hit alike', async () => {
  for (let round = 0; round < 2; round++) {
    const page = await get('/procedures', 'gzip, deflate, br');
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.headers.etag).toMatch(/-gzip"$/);
    expect(decoded(page)).toContain('Thủ tục hành chính số 1');
  }
});

describe('a page with a CSRF token', () => {
  it('is sent uncompressed, though it reflects what the URL asked for, while the same user’s export is compressed', async () => {
    await addUser(db, 'canbo', 'mat-khau-dung-1', 'staff');
    const app = createApp({ db, config: testConfig, clock, log: () => undefined });
    const staff = await signedInAgent(app, 'canbo', 'mat-khau-dung-1');
    // The sign-out form in the header carries the token; the search box shows the words asked for.
    const page = await staff.get('/procedures?q=thu+tuc+hanh+chinh').set('Accept-Encoding', 'gzip, deflate, br').expect(200);
    expect(page.text).toContain('name="_csrf"');
    expect(page.headers['content-encoding']).toBeUndefined();
    const login = await get('/login', 'gzip, deflate, br');
    expect(login.body.toString('utf8')).toContain('name="_csrf"');
    expect(login.headers['content-encoding']).toBeUndefined();
    const exported = await staff.get('/procedures.csv').set('Accept-Encoding', 'gzip').expect(200);
    expect(exported.headers['content-encoding']).toBe('gzip');
  });
});
