/**
 * Pages keep answering while a large web import commits, and never show half of it: the import writes on
 * its own connection, and readers see the last committed catalogue.
 */
import path from 'node:path';
import request from 'supertest';
import { openDatabase, type CatalogueDb } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { importFile } from '../../imports/run-import';
import { createApp } from '../../server/app';
import { ImportJobs } from '../../server/services/import-jobs';
import { addUser, csrfFrom, csv, fixedClock, HEADER, tempDir, testConfig, writeCsv } from '../helpers';

const clock = fixedClock();
const ROWS = 20_000;
let db: CatalogueDb;
let jobs: ImportJobs;

beforeAll(async () => {
  db = openDatabase(`sqlite:${path.join(tempDir(), `browse-${Date.now()}.db`)}`);
  await migrateToLatest(db.kysely);
  await addUser(db, 'canbo', 'mat-khau-dung-1', 'staff');
  await importFile(db, writeCsv(csv([HEADER, ['2.000001', 'Thủ tục có sẵn', 'Sở Tư pháp', '4', '', '', '', '']])), {}, clock);
  jobs = new ImportJobs(db, clock, () => undefined);
});
afterAll(async () => {
  await jobs.close();
  await db.close();
});

it('answers every request during a commit, each with the catalogue before or after it, never between', async () => {
  const app = createApp({ db, config: { ...testConfig, uploadLimitBytes: 50 * 1024 * 1024 }, clock, log: () => undefined, jobs });
  const agent = request.agent(app);
  const login = await agent.get('/login');
  await agent.post('/login').type('form').send({ _csrf: csrfFrom(login.text), username: 'canbo', password: 'mat-khau-dung-1' }).expect(303);
  const rows = Array.from({ length: ROWS }, (_, i) => [`1.${String(100000 + i)}`, `Thủ tục số ${i}`, `UBND xã số ${i % 40}`, String((i % 4) + 1), 'Hộ tịch', 'Cấp xã', 'Có', '']);
  const form = await agent.get('/imports/new');
  const uploaded = await agent.post('/imports').field('_csrf', csrfFrom(form.text)).attach('file', Buffer.from(csv([HEADER, ...rows])), 'lon.csv').expect(303);
  let preview = await agent.get(uploaded.headers.location);
  while (!preview.text.includes('Xác nhận nhập')) {
    await new Promise((r) => setTimeout(r, 100));
    preview = await agent.get(uploaded.headers.location);
  }

  // Confirm without waiting for the answer, then browse until the import is in.
  const confirming = agent.post(`${uploaded.headers.location}/confirm`).type('form').send({ _csrf: csrfFrom(preview.text) }).then((r) => r);
  const totals = new Set<number>();
  let answered = 0;
  let sawProgress = false;
  // Until the import is in (it runs in a thread of its own: the pages are not slowed by it), two minutes at most.
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
    const res = await request(app).get('/api/procedures?pageSize=10');
    expect(res.status).toBe(200);
    totals.add(res.body.total as number);
    answered++;
    const page = await agent.get(uploaded.headers.location);
    // The progress page while it commits; once committed, a redirect to the import's report.
    expect([200, 303]).toContain(page.status);
    if (page.text.includes('Đang ghi vào danh mục')) sawProgress = true;
    if (res.body.total === 1 + ROWS) break;
  }
  await confirming;
  expect([...totals].every((t) => t === 1 || t === 1 + ROWS)).toBe(true);
  expect(totals.has(1 + ROWS)).toBe(true);
  expect(answered).toBeGreaterThan(1);
  expect(sawProgress).toBe(true);
}, 180_000);
