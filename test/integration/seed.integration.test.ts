import fs from 'node:fs';
import type { CatalogueDb } from '../../db/connection';
import { importFile } from '../../imports/run-import';
import { SAMPLE_CATALOGUE } from '../../server/paths';
import { seedIfEmpty } from '../../server/seed';
import { csv, fixedClock, HEADER, openTestDb, writeCsv } from '../helpers';

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
