/**
 * The import store (db/import-store.ts) on its own: what the importer relies on, whatever the database.
 */
import type { CatalogueDb } from '../../db/connection';
import { openImportStore, type ImportStore, type OfferingInput } from '../../db/import-store';
import { DETAIL_KEYS, type DetailValues } from '../../domain/import-fields';
import { openTestDb } from '../helpers';

let db: CatalogueDb;
beforeEach(async () => {
  db = await openTestDb();
});
afterEach(async () => {
  await db.close();
});

const record = {
  fileName: 'danh-muc.csv',
  sha256: 'ab'.repeat(32),
  sizeBytes: 100,
  encoding: 'utf-8',
  delimiter: ';',
  effectiveDate: '2026-06-30',
  options: {},
  runBy: 'test',
  startedAt: '2026-06-30T01:00:00.000Z',
};

function row(code: string, agency: string, level: 1 | 2 | 3 | 4, extra: Partial<OfferingInput> = {}): OfferingInput {
  return {
    procedureCode: code,
    localCode: null,
    name: `Thủ tục ${code}`,
    field: 'Hộ tịch',
    agency,
    agencyCode: undefined,
    tiers: ['province'],
    level,
    portalIntegrated: true,
    qd411: undefined,
    eligible: undefined,
    status: 'current',
    onlineUrl: undefined,
    ...(Object.fromEntries(DETAIL_KEYS.map((key) => [key, null])) as DetailValues),
    processingTime: undefined,
    ...extra,
  };
}

/** Every catalogue table's rows, in id order: what "the database as it was" means here. */
async function snapshot(): Promise<Record<string, unknown[]>> {
  const tables = ['agency', 'field', 'procedure', 'offering', 'offering_tier', 'offering_history', 'offering_before', 'procedure_before', 'import_run', 'catalogue_state'] as const;
  const out: Record<string, unknown[]> = {};
  for (const table of tables) out[table] = await db.kysely.selectFrom(table).selectAll().execute();
  return out;
}

async function begin(date = '2026-06-30'): Promise<{ store: ImportStore; importId: number }> {
  const store = await openImportStore(db, date, `${date}T01:00:00.000Z`);
  const importId = await store.start({ ...record, effectiveDate: date });
  return { store, importId };
}

const offeringNamed = (id: number) =>
  db.kysely
    .selectFrom('offering')
    .innerJoin('procedure', 'procedure.id', 'offering.procedure_id')
    .innerJoin('agency', 'agency.id', 'offering.agency_id')
    .select(['procedure.code as code', 'agency.name as agency', 'agency.id as agencyId', 'offering.level as level', 'offering.status as status'])
    .where('offering.id', '=', id)
    .executeTakeFirst();

describe('the import store', () => {
  it('gives every row of a batch the id of the offering it wrote, new or existing, and its agency', async () => {
    const first = [row('1.001612', 'Sở Tư pháp', 3), row('1.001612', 'UBND huyện Bình Sơn', 2), row('2.000908', 'Sở Tư pháp', 4)];
    const { store } = await begin();
    const applied = await store.applyBatch(first);
    expect(applied.map((a) => a.outcome)).toEqual(['inserted', 'inserted', 'inserted']);
    for (let i = 0; i < first.length; i++) {
      expect(await offeringNamed(applied[i]!.offeringId)).toEqual({
        code: first[i]!.procedureCode,
        agency: first[i]!.agency,
        agencyId: applied[i]!.agencyId,
        level: first[i]!.level,
        status: 'current',
      });
    }
    await store.finish({ rowsRead: 3, inserted: 3, updated: 0, unchanged: 0, withdrawn: 0, rejected: 0 }, '2026-06-30T01:00:01.000Z', 1000);
    await store.commit();

    // A second import: one changed, one unchanged, one new between them, in a batch of more rows than one insert takes.
    const many = Array.from({ length: 150 }, (_, i) => row(`3.${String(i).padStart(6, '0')}`, 'Sở Nội vụ', 1));
    const second = [row('1.001612', 'Sở Tư pháp', 4), row('2.000908', 'Sở Tư pháp', 4), ...many, row('1.001612', 'Sở Nội vụ', 3)];
    const next = await begin('2026-07-01');
    const again = await next.store.applyBatch(second);
    expect(again[0]).toMatchObject({ outcome: 'updated', offeringId: applied[0]!.offeringId, before: { level: 3 }, after: { level: 4 } });
    expect(again[1]).toMatchObject({ outcome: 'unchanged', offeringId: applied[2]!.offeringId });
    const named = await Promise.all(again.map((a) => offeringNamed(a.offeringId)));
    expect(named.map((n) => `${n?.code} ${n?.agency} ${n?.level}`)).toEqual(second.map((r) => `${r.procedureCode} ${r.agency} ${r.level}`));
    expect(new Set(again.map((a) => a.offeringId)).size).toBe(second.length);
    await next.store.commit();
  });

  it('withdraws what the agencies no longer list, says which, and leaves the listed and other agencies alone', async () => {
    const { store } = await begin();
    await store.applyBatch([row('1.001612', 'Sở Tư pháp', 3), row('2.000908', 'Sở Tư pháp', 4), row('1.000001', 'Sở Nội vụ', 2)]);
    await store.commit();

    const next = await begin('2026-07-01');
    const [kept] = await next.store.applyBatch([row('1.001612', 'Sở Tư pháp', 3)]);
    const withdrawn: { code: string; agency: string; level: number }[] = [];
    const count = await next.store.withdrawMissing([kept!.agencyId], new Set([kept!.offeringId]), (o) =>
      withdrawn.push({ code: o.code, agency: o.agency, level: o.before.level }),
    );
    await next.store.commit();
    expect(count).toBe(1);
    expect(withdrawn).toEqual([{ code: '2.000908', agency: 'Sở Tư pháp', level: 4 }]);
    const statuses = await db.kysely
      .selectFrom('offering')
      .innerJoin('procedure', 'procedure.id', 'offering.procedure_id')
      .select(['procedure.code as code', 'offering.status as status'])
      .orderBy('procedure.code')
      .execute();
    expect(statuses).toEqual([
      { code: '1.000001', status: 'current' },
      { code: '1.001612', status: 'current' },
      { code: '2.000908', status: 'withdrawn' },
    ]);
  });

  it('rolled back, leaves the database as it was: nothing of the import, its record, agencies or history', async () => {
    const { store } = await begin();
    await store.applyBatch([row('1.001612', 'Sở Tư pháp', 3)]);
    await store.commit();
    const before = await snapshot();

    const next = await begin('2026-07-01');
    await next.store.applyBatch([row('1.001612', 'Sở Tư pháp', 4, { applicants: 'Công dân' }), row('9.999999', 'Sở Mới', 1, { field: 'Lĩnh vực mới' })]);
    await next.store.withdrawMissing([1], new Set(), () => undefined);
    await next.store.finish({ rowsRead: 2, inserted: 1, updated: 1, unchanged: 0, withdrawn: 0, rejected: 0 }, '2026-07-01T01:00:00.000Z', 5);
    expect((await snapshot()).offering).not.toEqual(before.offering);
    await next.store.rollback();
    expect(db.inTransaction()).toBe(false);
    expect(await snapshot()).toEqual(before);
  });
});
