/**
 * The dashboard's figures are counted on the catalogue index (db/catalogue-index.ts `coverage`), not by SQL.
 * The SQL readers of db/coverage-repository.ts stay as the reference: on catalogues built by the real
 * importer — several imports dated out of order, withdrawn offerings, an import undone — both must give the
 * same tallies per agency and for the province, today and on any date, in any scope.
 */
import fc from 'fast-check';
import type { CatalogueDb } from '../../db/connection';
import { loadCatalogueIndex } from '../../db/catalogue-index-loader';
import { streamHistory, tallyCurrentByAgency, tallyCurrentByProcedure } from '../../db/coverage-repository';
import { undoImport } from '../../db/undo-import';
import { ProcedureStates, countOffering, emptyTally, unpackCoverage, type CoverageScope, type CoverageTally, type HistorySnapshot } from '../../domain/coverage';
import { addedAs, heldSince, listedChanges, unpackChanges } from '../../domain/quarter-changes';
import { importFile } from '../../imports/run-import';
import { sweepHistory, tallyHistory } from '../support/history-sweep';
import { clock, rowsCsv } from '../coverage-fixtures';
import { openTestDb, writeCsv } from '../helpers';

const AGENCIES = ['Sở Tư pháp', 'UBND huyện Bình Sơn', 'UBND xã Tịnh Ấn Tây'];
const PROCEDURES = [
  ['1.000001', 'Đăng ký khai sinh', 'Hộ tịch'],
  ['1.000002', 'Đăng ký kết hôn', 'Hộ tịch'],
  ['1.000003', 'Chứng thực bản sao', 'Chứng thực'],
  ['1.000004', 'Cấp phiếu lý lịch tư pháp', 'Lý lịch tư pháp'],
  ['1.000005', 'Đăng ký tạm trú', 'Cư trú'],
] as const;
const TIERS = ['Cấp tỉnh', 'Cấp huyện', 'Cấp xã', 'Cấp tỉnh, Cấp xã'];
const LEVELS = ['1', '2', '3', '4', 'Toàn trình', 'Một phần'];
const FLAGS = ['Có', 'Không', ''];
const DATES = ['2020-03-31', '2020-06-30', '2020-08-15', '2020-09-30', '2021-12-31', '2022-06-30'];

const row = fc.record({
  procedure: fc.integer({ min: 0, max: PROCEDURES.length - 1 }),
  agency: fc.integer({ min: 0, max: AGENCIES.length - 1 }),
  level: fc.constantFrom(...LEVELS),
  tier: fc.constantFrom(...TIERS),
  portal: fc.constantFrom(...FLAGS),
  qd411: fc.constantFrom('x', ''),
  eligible: fc.constantFrom(...FLAGS),
  withdrawn: fc.boolean(),
});
const importOf = fc.record({
  rows: fc.uniqueArray(row, { minLength: 1, maxLength: 12, selector: (r) => `${r.procedure}/${r.agency}` }),
  asOf: fc.constantFrom(...DATES),
});
const scopes: CoverageScope[] = [
  { tiers: [], fields: [] },
  { tiers: ['province'], fields: [] },
  { tiers: ['district', 'commune'], fields: [] },
  { tiers: [], fields: ['ho-tich'] },
  { tiers: ['province'], fields: ['ho-tich', 'cu-tru'] },
];

type GeneratedRow = typeof row extends fc.Arbitrary<infer T> ? T : never;
const ONE: GeneratedRow = { procedure: 0, agency: 0, level: '4', tier: 'Cấp tỉnh', portal: 'Có', qd411: '', eligible: 'Có', withdrawn: false };

async function loadImports(db: CatalogueDb, imports: { rows: GeneratedRow[]; asOf: string }[]): Promise<number[]> {
  const ids: number[] = [];
  for (const { rows, asOf } of imports) {
    const csv = rowsCsv(
      rows.map((r) => {
        const [code, name, field] = PROCEDURES[r.procedure];
        return [code, name, AGENCIES[r.agency], r.level, field, r.tier, r.portal, r.qd411, r.eligible, r.withdrawn ? 'Bãi bỏ' : 'Còn hiệu lực'];
      }),
    );
    const report = await importFile(db, writeCsv(csv), { asOf }, clock);
    if (report.status !== 'imported') throw new Error(`refused: ${JSON.stringify(report.errors)}`);
    ids.push(report.importId as number);
  }
  return ids;
}

/** A property's whole run: tens of catalogues built through the importer, each in a database of its own. */
const PROPERTY_TIMEOUT_MS = 120_000;

describe('coverage counted on the catalogue index', () => {
  it('equals the SQL reference, per agency and for the province, today and on every date, in every scope', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(importOf, { minLength: 1, maxLength: 4 }), fc.boolean(), async (imports, undoLast) => {
        const db = await openTestDb();
        try {
          const ids = await loadImports(db, imports);
          if (undoLast && ids.length > 1) expect(await undoImport(db, ids[ids.length - 1], '2026-11-23T00:00:00Z')).toMatchObject({ ok: true });
          const index = await loadCatalogueIndex(db.kysely);
          const singly = await loadCatalogueIndex(db.kysely);
          for (const scope of scopes) {
            // One date counted first: the index keeps it, and counts the others beside it (every scope apart).
            index.coverage(scope, [DATES[1]]);
            const [today, ...past] = index.coverage(scope, [null, ...DATES]).map(unpackCoverage);
            expect(today.byAgency).toEqual(await tallyCurrentByAgency(db.kysely, scope));
            expect(today.province).toEqual(await tallyCurrentByProcedure(db.kysely, scope));
            const reference = await tallyHistory(streamHistory(db.kysely, scope, DATES[DATES.length - 1]), DATES);
            expect(past).toEqual(reference);
            // Counted one date at a time (as a trend of a national catalogue's agencies is, a few at a time): the same.
            expect(singly.coverage(scope, [null, ...DATES], 1).map(unpackCoverage)).toEqual([today, ...past]);
            // Asked again, in part: what it kept.
            expect(index.coverage(scope, [DATES[0], null]).map(unpackCoverage)).toEqual([past[0], today]);
          }
        } finally {
          await db.close();
        }
      }),
      { numRuns: 25 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('lists the same changes of a quarter as a sweep of the history read by SQL, with the same dates and counts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(importOf, { minLength: 2, maxLength: 4 }), fc.constantFrom(['2020-06-30', '2020-09-30'], ['2020-03-30', '2020-06-30'], ['2021-09-30', '2021-12-31']), async (imports, [previousEnd, end]) => {
        const db = await openTestDb();
        try {
          await loadImports(db, imports);
          const index = await loadCatalogueIndex(db.kysely);
          const counted = index.quarter(previousEnd, end);
          // The reference: one sweep of the SQL history, by the same rules.
          const byAgency = [new Map<number, CoverageTally>(), new Map<number, CoverageTally>()];
          const procedures = [new ProcedureStates(), new ProcedureStates()];
          const changes: { kind: string; offering: number; date: string; before: HistorySnapshot; after: HistorySnapshot }[] = [];
          const added = { total: 0, level4: 0, integrated: 0 };
          await sweepHistory(streamHistory(db.kysely, { tiers: [], fields: [] }, end), [previousEnd, end], ({ offeringId, agencyId, procedureId, snapshots, states }) => {
            states.forEach((s, d) => {
              if (!s || s.status !== 'current') return;
              let tally = byAgency[d].get(agencyId);
              if (!tally) byAgency[d].set(agencyId, (tally = emptyTally()));
              countOffering(tally, s);
              procedures[d].add(procedureId, s);
            });
            const [b, a] = states;
            if (!a) return;
            if (!b) {
              const as = addedAs(a);
              if (as) (added.total++, (added.level4 += as.level4 ? 1 : 0), (added.integrated += as.integrated ? 1 : 0));
              return;
            }
            const inQuarter = snapshots.filter((s) => s.effectiveDate > previousEnd && s.effectiveDate <= end);
            for (const { kind, holds } of listedChanges(b, a)) changes.push({ kind, offering: offeringId, date: heldSince(inQuarter, end, holds), before: b, after: a });
          });
          expect(unpackCoverage(counted.before)).toEqual({ byAgency: byAgency[0], province: procedures[0].tally() });
          expect(unpackCoverage(counted.after)).toEqual({ byAgency: byAgency[1], province: procedures[1].tally() });
          expect(counted.added).toEqual(added);
          // Each list in the order the report prints it: agency name, then procedure code, as a Vietnamese reader orders them.
          const agencyName = new Map((await db.kysely.selectFrom('agency').select(['id', 'name']).execute()).map((a) => [a.id, a.name]));
          const procedureCode = new Map((await db.kysely.selectFrom('procedure').select(['id', 'code']).execute()).map((p) => [p.id, p.code]));
          const collator = new Intl.Collator('vi', { numeric: true });
          const readerOrder = (x: (typeof changes)[number], y: (typeof changes)[number]) =>
            collator.compare(agencyName.get(x.after.agencyId)!, agencyName.get(y.after.agencyId)!) ||
            collator.compare(procedureCode.get(x.after.procedureId)!, procedureCode.get(y.after.procedureId)!) ||
            x.offering - y.offering;
          for (const kind of ['reachedLevel4', 'newlyIntegrated', 'withdrawn'] as const) {
            const listed = unpackChanges(counted.changes[kind]).map((c) => ({ kind, offering: c.after.offeringId, date: c.date, before: c.before, after: c.after }));
            expect(listed).toEqual(changes.filter((c) => c.kind === kind).sort(readerOrder));
          }
        } finally {
          await db.close();
        }
      }),
      {
        numRuns: 60,
        // Level 4 from 15/8 and integrated on 30/9: the level's change is dated 15/8, though its last snapshot is of 30/9.
        examples: [
          [
            [
              { rows: [{ ...ONE, level: '2', portal: 'Không' }], asOf: '2020-03-31' },
              { rows: [{ ...ONE, level: '4', portal: 'Không' }], asOf: '2020-08-15' },
              { rows: [{ ...ONE, level: '4', portal: 'Có' }], asOf: '2020-09-30' },
            ],
            ['2020-06-30', '2020-09-30'],
          ],
        ],
      },
    );
    // Sixty catalogues, each a database of its own: 19–41 s on PostgreSQL here, past jest's 30 s under a loaded run.
  }, PROPERTY_TIMEOUT_MS);

  it('refuses dates out of order rather than counting them wrong', async () => {
    const db = await openTestDb();
    try {
      await loadImports(db, [{ rows: [ONE], asOf: '2020-03-31' }]);
      const index = await loadCatalogueIndex(db.kysely);
      expect(() => index.coverage({ tiers: [], fields: [] }, ['2021-01-01', '2020-01-01'])).toThrow(/ascending/);
      const [before, after] = index.coverage({ tiers: [], fields: [] }, ['2020-03-30', '2020-03-31']).map(unpackCoverage);
      expect(before.province.total).toBe(0);
      expect(after.province).toMatchObject({ total: 1, eligibleLevel4: 1 });
    } finally {
      await db.close();
    }
  });
});
