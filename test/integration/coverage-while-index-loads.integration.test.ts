/**
 * After an import, the catalogue index of the new version loads (9 s at 1,000,000 offerings). A coverage page
 * asked meanwhile is counted on the previous index, says so, and is not kept as the new version's; a download
 * waits for the new index, so that no file leaves with the figures of before the import.
 */
import type { CatalogueLists } from '../../db/catalogue-lists';
import { WHOLE_CATALOGUE } from '../../domain/coverage';
import type { CatalogueDb } from '../../db/connection';
import { CatalogueIndexes } from '../../server/services/catalogue-service';
import { createCoverageService, type CoverageCounter } from '../../server/services/coverage-service';
import { AGENCIES, BASE_ROWS, changed, clock, load, only2020Target } from '../coverage-fixtures';
import { openTestDb } from '../helpers';

let db: CatalogueDb;
beforeEach(async () => {
  db = await openTestDb();
  await only2020Target(db);
  await load(db, BASE_ROWS, '2020-06-30');
});
afterEach(async () => {
  await db.close();
});

const today = { scope: WHOLE_CATALOGUE, at: null, sort: 'level4Pct', direction: 'desc' } as const;

/** The server's indexes, with the load of a new version held back until `release` (as a long load would be). */
function heldIndexes() {
  const indexes = new CatalogueIndexes(db.kysely);
  let previous: CatalogueLists | null = null;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let holding = false;
  const counter: CoverageCounter = {
    current: async () => {
      if (holding) await held;
      return indexes.current();
    },
    forList: async () => (holding && previous ? { index: previous, stale: true } : { index: await indexes.current(), stale: false }),
  };
  return {
    counter,
    /** From now on, a new version's index is "loading" until released. */
    async hold() {
      previous = await indexes.current();
      holding = true;
    },
    release() {
      holding = false;
      release();
    },
  };
}

const share = (d: { rows: { agency: { name: string } | null; level4Pct: number | null }[] }, name: string) => d.rows.find((r) => r.agency!.name === name)!.level4Pct;

describe('coverage while the new catalogue index loads', () => {
  it('counts a page on the previous index, says so, keeps nothing, and counts the new figures once loaded', async () => {
    const held = heldIndexes();
    const service = createCoverageService(db.kysely, clock, held.counter);
    const before = await service.dashboard(today);
    expect(before.stale).toBe(false);
    expect(share(before, AGENCIES.BS)).toBeCloseTo(100 / 6);

    await held.hold();
    // Bình Sơn's 1.000004 up to level 4: 2 of 6.
    await load(db, changed(BASE_ROWS, { '1.000004': { level: '4' } }, AGENCIES.BS), '2020-09-30');
    for (let i = 0; i < 2; i++) {
      const during = await service.dashboard(today);
      expect(during.stale).toBe(true);
      expect(share(during, AGENCIES.BS)).toBeCloseTo(100 / 6);
    }
    expect((await service.trend({ scope: WHOLE_CATALOGUE, period: 'quarter' })).stale).toBe(true);
    expect((await service.report({ year: 2020, q: 3 })).stale).toBe(true);

    held.release();
    const after = await service.dashboard(today);
    expect(after.stale).toBe(false);
    expect(share(after, AGENCIES.BS)).toBeCloseTo(200 / 6);
    expect((await service.report({ year: 2020, q: 3 })).stale).toBe(false);
  });

  it('makes a download wait for the new index', async () => {
    const held = heldIndexes();
    const service = createCoverageService(db.kysely, clock, held.counter);
    await service.dashboard(today);
    await held.hold();
    await load(db, changed(BASE_ROWS, { '1.000004': { level: '4' } }, AGENCIES.BS), '2020-09-30');

    let settled = false;
    const download = service.dashboard(today, { fresh: true }).then((d) => ((settled = true), d));
    const report = service.report({ year: 2020, q: 3 }, { fresh: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(settled).toBe(false);
    held.release();
    const fresh = await download;
    expect(fresh.stale).toBe(false);
    expect(share(fresh, AGENCIES.BS)).toBeCloseTo(200 / 6);
    expect((await report).stale).toBe(false);
  });
});
