import type { KyselyPlugin } from 'kysely';
import type { CatalogueDb } from '../../db/connection';
import { streamHistory, tallyCurrentByAgency, tallyCurrentByProcedure } from '../../db/coverage-repository';
import { loadCatalogueIndex } from '../../db/catalogue-index-loader';
import { countCatalogue } from '../../db/catalogue-repository';
import { listAgencies } from '../../db/procedure-repository';
import { WHOLE_CATALOGUE } from '../../domain/coverage';
import { createCoverageService } from '../../server/services/coverage-service';
import { tallyHistoryByAgency } from '../support/history-sweep';
import { BASE_ROWS, changed, AGENCIES, clock, load, only2020Target } from '../coverage-fixtures';
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

/** A service whose every query is counted. */
function countedService() {
  const counter = { queries: 0 };
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      counter.queries++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { service: createCoverageService(db.kysely.withPlugin(plugin), clock), counter };
}

const today = { scope: WHOLE_CATALOGUE, at: null, sort: 'level4Pct', direction: 'desc' } as const;

describe('the coverage cache', () => {
  it('counts once per catalogue version: a cached request runs one small query', async () => {
    const { service, counter } = countedService();
    const first = await service.dashboard(today);
    expect(counter.queries).toBeGreaterThan(3);
    counter.queries = 0;
    const second = await service.dashboard(today);
    expect(counter.queries).toBe(1);
    expect(second.rows).toEqual(first.rows);

    counter.queries = 0;
    await service.dashboard({ ...today, sort: 'agency', direction: 'asc' }); // sorting needs no recount
    expect(counter.queries).toBe(1);
  });

  it('counts the front page when warmed (a server just started): its first visitor runs one small query', async () => {
    const { service, counter } = countedService();
    await service.warm();
    expect(counter.queries).toBeGreaterThan(3);
    counter.queries = 0;
    const front = await service.dashboard({ scope: WHOLE_CATALOGUE, at: null, sort: 'agency', direction: 'asc', view: 'all' });
    expect(counter.queries).toBe(1);
    expect(front.rows.map((r) => r.agency!.name)).toEqual(Object.values(AGENCIES).sort((a, b) => a.localeCompare(b, 'vi')));
  });

  it('keeps past dates, trends and reports too', async () => {
    const { service, counter } = countedService();
    for (const call of [
      () => service.dashboard({ ...today, at: '2020-06-30' }),
      () => service.trend({ scope: WHOLE_CATALOGUE, period: 'quarter' }),
      () => service.report({ year: 2020, q: 2 }),
    ]) {
      await call();
      counter.queries = 0;
      await call();
      expect(counter.queries).toBe(1);
    }
  });

  it('recounts after an import commits', async () => {
    const { service, counter } = countedService();
    expect((await service.dashboard(today)).total.level4).toBe(7);
    await load(db, changed(BASE_ROWS, { '1.000004': { level: '4' } }, AGENCIES.BS), '2020-09-30');
    counter.queries = 0;
    expect((await service.dashboard(today)).total.level4).toBe(8);
    expect(counter.queries).toBeGreaterThan(1);
  });

  it('does not recount after an import that changed nothing', async () => {
    const { service, counter } = countedService();
    await service.dashboard(today);
    await load(db, BASE_ROWS, '2020-09-30');
    counter.queries = 0;
    await service.dashboard(today);
    expect(counter.queries).toBe(1);
  });
});

describe('reading the history', () => {
  it('gives the same figures whatever the size of the reads, an offering’s history never split', async () => {
    await load(db, changed(BASE_ROWS, { '1.000004': { level: '4' } }, AGENCIES.BS), '2020-09-30');
    const dates = ['2020-06-30', '2020-09-30'];
    const whole = await tallyHistoryByAgency(streamHistory(db.kysely, WHOLE_CATALOGUE, '2020-09-30', 1000), dates);
    for (const size of [1, 2, 7]) {
      const batches: number[][] = [];
      async function* recorded() {
        for await (const batch of streamHistory(db.kysely, WHOLE_CATALOGUE, '2020-09-30', size)) {
          batches.push(batch.map((s) => s.offeringId));
          yield batch;
        }
      }
      expect(await tallyHistoryByAgency(recorded(), dates)).toEqual(whole);
      const seen = new Set<number>();
      for (const batch of batches) {
        for (const id of new Set(batch)) {
          expect(seen.has(id)).toBe(false);
          seen.add(id);
        }
      }
    }
  });
});

describe("today's tallies, read in ranges of offerings", () => {
  it('give the same figures whatever the size of the ranges (a procedure’s offerings in several of them)', async () => {
    await load(db, changed(BASE_ROWS, { '1.000004': { level: '4' } }, AGENCIES.BS), '2020-09-30');
    const byAgency = await tallyCurrentByAgency(db.kysely, WHOLE_CATALOGUE);
    const province = await tallyCurrentByProcedure(db.kysely, WHOLE_CATALOGUE);
    expect(byAgency.size).toBeGreaterThan(1);
    for (const size of [1, 2, 7]) {
      expect(await tallyCurrentByAgency(db.kysely, WHOLE_CATALOGUE, size)).toEqual(byAgency);
      expect(await tallyCurrentByProcedure(db.kysely, WHOLE_CATALOGUE, size)).toEqual(province);
    }
    // The agency list's counts (/agencies) the same way.
    const agencies = await listAgencies(db.kysely);
    expect(agencies.reduce((n, a) => n + a.current + a.withdrawn, 0)).toBe(Number((await db.kysely.selectFrom('offering').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n));
    for (const size of [1, 3]) expect(await listAgencies(db.kysely, size)).toEqual(agencies);
    // And the home page's headline counts.
    const counts = await countCatalogue(db.kysely);
    expect(counts.offerings + counts.withdrawn).toBe(agencies.reduce((n, a) => n + a.current + a.withdrawn, 0));
    expect(counts.procedures).toBeGreaterThan(1);
    for (const size of [1, 4]) expect(await countCatalogue(db.kysely, size)).toEqual(counts);
    // And the tiers the dashboard offers, from the catalogue index: every tier some offering carries.
    const stored = (await db.kysely.selectFrom('offering_tier').select('tier').distinct().execute()).map((r) => r.tier);
    const index = await loadCatalogueIndex(db.kysely);
    expect(index.tiersInUse().sort()).toEqual(stored.sort());
    expect(stored.length).toBeGreaterThan(1);
  });
});

describe('the province counted as the National Portal counts it', () => {
  it('counts each procedure once, today and as of a date alike, in every scope', async () => {
    // Bình Sơn now provides 1.000004 at level 4 while Sở Tư pháp stays at 3: the procedure is toàn trình for the province.
    await load(db, changed(BASE_ROWS, { '1.000004': { level: '4' } }, AGENCIES.BS), '2020-09-30');
    const service = createCoverageService(db.kysely, clock);
    for (const scope of [WHOLE_CATALOGUE, { tiers: ['district' as const], fields: [] }, { tiers: [], fields: ['ho-tich'] }]) {
      const now = await service.dashboard({ ...today, scope });
      const then = await service.dashboard({ ...today, scope, at: '2020-09-30' });
      expect(then.province).toEqual({ ...now.province, change: then.province.change });
      const offerings = now.rows.reduce((n, r) => n + r.total, 0);
      expect(now.total.total).toBe(offerings);
      expect(now.province.total).toBeLessThanOrEqual(offerings);
      expect(now.province.level4 + now.province.byLevel[3] + now.province.notOnline).toBe(now.province.total);
    }
    const whole = await service.dashboard(today);
    // 13 procedures (Bình Sơn's 6 are all Sở Tư pháp's too); toàn trình: 1.000001–3, 1.000004 (by Bình Sơn) and the police's 3.
    expect(whole.province).toMatchObject({ total: 13, level4: 7, byLevel: { 1: 2, 2: 3, 3: 1, 4: 7 }, eligible: 11, level4Eligible: 6 });
    expect(whole.total).toMatchObject({ total: 19, level4: 8 });
  });
});
