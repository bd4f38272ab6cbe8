import fs from 'node:fs';
import request from 'supertest';
import { createApp } from '../../server/app';
import type { CatalogueDb } from '../../db/connection';
import { importFile } from '../../imports/run-import';
import { SAMPLE_CATALOGUE } from '../../server/paths';
import { seedIfEmpty } from '../../server/seed';
import { csv, fixedClock, HEADER, openTestDb, testConfig, writeCsv } from '../helpers';

const clock = fixedClock();
let db: CatalogueDb;
beforeEach(async () => {
  db = await openTestDb();
});
afterEach(async () => {
  await db.close();
});

describe('the sample catalogue', () => {
  it('imports cleanly: about 2,000 offerings across provincial, district and commune agencies, no errors', async () => {
    const report = await seedIfEmpty(db, SAMPLE_CATALOGUE, clock);
    expect(report?.status).toBe('imported');
    expect(report?.errorCount).toBe(0);
    expect(report?.warningCount).toBe(0);
    expect(report?.counts.inserted).toBeGreaterThanOrEqual(1900);
    expect(report?.counts.inserted).toBeLessThanOrEqual(2100);
    const tiers = await db.kysely.selectFrom('offering_tier').select('tier').distinct().execute();
    expect(tiers.map((t) => t.tier)).toEqual(expect.arrayContaining(['province', 'district', 'commune']));
    const levels = await db.kysely.selectFrom('offering').select('level').distinct().orderBy('level').execute();
    expect(levels.map((l) => l.level)).toEqual([1, 2, 3, 4]);
  });

  it('follows the present structure since 1/7/2025: current offerings at the province and commune tiers, the district tier only withdrawn', async () => {
    await seedIfEmpty(db, SAMPLE_CATALOGUE, clock);
    const byTier = await db.kysely
      .selectFrom('offering_tier')
      .innerJoin('offering', 'offering.id', 'offering_tier.offering_id')
      .select(['offering_tier.tier', 'offering.status'])
      .distinct()
      .execute();
    const current = byTier.filter((r) => r.status === 'current').map((r) => r.tier);
    expect(current).toEqual(expect.arrayContaining(['province', 'commune']));
    expect(current).not.toContain('district');
    expect(byTier.filter((r) => r.status === 'withdrawn').map((r) => r.tier)).toContain('district');
    // The list's tier filter offers the district tier only where the offerings shown have it.
    const app = createApp({ db, config: testConfig, clock, log: () => undefined });
    const tierLinks = (html: string) => [...new Set(html.match(/[?&;]tier=[a-z]+/g) ?? [])].map((m) => m.replace(/^.*=/, '')).sort();
    expect(tierLinks((await request(app).get('/procedures').expect(200)).text)).toEqual(['commune', 'other', 'province']);
    expect(tierLinks((await request(app).get('/procedures?status=withdrawn').expect(200)).text)).toContain('district');
  });

  it('loads illustrative contacts for the agencies serving today, each marked "(minh hoạ)", none for the abolished district committees', async () => {
    await seedIfEmpty(db, SAMPLE_CATALOGUE, clock);
    const agencies = await db.kysely.selectFrom('agency').select(['name', 'address', 'phone', 'email']).execute();
    const withContacts = agencies.filter((a) => a.phone !== null);
    expect(withContacts.length).toBeGreaterThanOrEqual(20);
    for (const a of withContacts) {
      expect(a.address).toMatch(/\(minh hoạ\)$/);
      expect(a.email).toMatch(/@example\.com$/);
      // No Vietnamese number begins 0000: a tap on an illustrative number rings no one.
      expect(a.phone).toMatch(/^0000 000 0\d\d$/);
    }
    expect(agencies.filter((a) => /^UBND (huyện|thị xã|thành phố)/.test(a.name)).every((a) => a.phone === null)).toBe(true);
  });

  it('is loaded only once, and never into a database that already has data', async () => {
    expect(await seedIfEmpty(db, SAMPLE_CATALOGUE, clock)).not.toBeNull();
    expect(await seedIfEmpty(db, SAMPLE_CATALOGUE, clock)).toBeNull();

    const other = await openTestDb();
    try {
      await importFile(other, writeCsv(csv([HEADER, ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', '4', '', '', '', '']])), {}, clock);
      expect(await seedIfEmpty(other, SAMPLE_CATALOGUE, clock)).toBeNull();
      const count = await other.kysely.selectFrom('offering').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('keeps the MIT notice of the public data it is built from', () => {
    const license = fs.readFileSync(SAMPLE_CATALOGUE.replace('quang-ngai-sample.csv', 'source/LICENSE'), 'utf8');
    expect(license).toMatch(/MIT License/i);
  });
});
