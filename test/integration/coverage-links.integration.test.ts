/**
 * Where the dashboard meets the catalogue: every count on /coverage links to a list whose total is that
 * count (through the real /procedures list), and an undone import no longer counts in figures as of a date.
 */
import request from 'supertest';
import type { CatalogueDb } from '../../db/connection';
import { undoImport } from '../../db/undo-import';
import { importFile } from '../../imports/run-import';
import { createApp } from '../../server/app';
import { SAMPLE_CATALOGUE } from '../../server/paths';
import { csv, fixedClock, HEADER, openTestDb, testConfig, writeCsv } from '../helpers';

const clock = fixedClock();
let db: CatalogueDb;
afterEach(async () => {
  await db.close();
});

it('links every count on the dashboard to a catalogue list of exactly that many offerings', async () => {
  db = await openTestDb();
  await importFile(db, SAMPLE_CATALOGUE, { asOf: '2020-06-30' }, clock);
  const app = createApp({ db, config: testConfig, clock, log: () => undefined });
  const page = await request(app).get('/coverage').expect(200);
  const links = [...page.text.matchAll(/href="(\/procedures\?[^"]+)"[^>]*>([\d.]+)</g)].map(([, href, count]) => ({
    href: href.replace(/&amp;/g, '&'),
    count: Number(count.replace(/\./g, '')),
  }));
  expect(links.length).toBeGreaterThan(200);
  for (const link of links) {
    const res = await request(app).get(link.href.replace('/procedures?', '/api/procedures?') + '&pageSize=10').expect(200);
    expect({ href: link.href, total: res.body.total }).toEqual({ href: link.href, total: link.count });
  }
}, 120_000);

it('leaves an undone import out of the figures as of any date', async () => {
  db = await openTestDb();
  const row = (level: string) => [HEADER, ['1.001193', 'Đăng ký khai sinh', 'Sở Tư pháp', level, 'Hộ tịch', 'Cấp tỉnh', 'Có', '']];
  await importFile(db, writeCsv(csv(row('3'))), { asOf: '2020-03-31' }, clock);
  const raised = await importFile(db, writeCsv(csv(row('4'))), { asOf: '2020-06-30' }, clock);
  const app = createApp({ db, config: testConfig, clock, log: () => undefined });
  const level4At = async (at: string) => (await request(app).get(`/api/coverage?at=${at}`).expect(200)).body.total.level4;
  expect(await level4At('2020-09-30')).toBe(1);
  expect(await undoImport(db, raised.importId!, '2026-11-22T04:00:00.000Z')).toMatchObject({ ok: true, restored: 1 });
  expect(await level4At('2020-09-30')).toBe(0);
  expect(await level4At('2020-06-30')).toBe(0);
  expect((await request(app).get('/api/coverage').expect(200)).body.total.level4).toBe(0);
});
