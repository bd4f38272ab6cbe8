/**
 * The export's batches: every matching offering once, in id order, however the batches fall, with filters
 * and search applied to the ids before any row is read.
 */
import type { CatalogueDb } from '../../db/connection';
import { offeringBatches, type SearchTerms } from '../../db/catalogue-list-repository';
import { NO_FILTERS } from '../../domain/filters';
import { importFile } from '../../imports/run-import';
import { csv, fixedClock, HEADER, openSqliteTestDb, writeCsv } from '../helpers';

let db: CatalogueDb;
beforeEach(async () => {
  // The SQL the catalogue index replaced (FTS5 included), kept as its reference: SQLite's.
  db = await openSqliteTestDb();
  const names = ['Đăng ký khai sinh', 'Cấp giấy phép xây dựng', 'Đăng ký tạm trú', 'Chứng thực bản sao'];
  const rows = Array.from({ length: 23 }, (_, i) => [
    `1.${String(200000 + i)}`,
    names[i % 4],
    i % 3 === 0 ? 'Sở Tư pháp' : 'UBND huyện Bình Sơn',
    String(1 + (i % 4)),
    '',
    '',
    '',
    i % 5 === 4 ? 'Bãi bỏ' : '',
  ]);
  expect((await importFile(db, writeCsv(csv([HEADER, ...rows])), {}, fixedClock())).status).toBe('imported');
});
afterEach(async () => {
  await db.close();
});

const NONE: SearchTerms = { words: [], codePrefixes: [] };
const { q: _q, ...filters } = NO_FILTERS;

async function exported(f: typeof filters, search: SearchTerms = NONE) {
  const batches: number[][] = [];
  for await (const batch of offeringBatches(db.kysely, f, search, 4)) batches.push(batch.map((o) => o.offeringId));
  return batches;
}

async function expected(where: (o: { level: number; status: string; name: string }) => boolean) {
  const all = await db.kysely
    .selectFrom('offering')
    .innerJoin('procedure', 'procedure.id', 'offering.procedure_id')
    .select(['offering.id', 'offering.level', 'offering.status', 'procedure.name'])
    .orderBy('offering.id')
    .execute();
  return all.filter(where).map((o) => o.id);
}

it('gives every current offering once, in id order, in batches of the size asked', async () => {
  const batches = await exported(filters);
  expect(batches.every((b) => b.length <= 4)).toBe(true);
  expect(batches.flat()).toEqual(await expected((o) => o.status === 'current'));
  expect(batches.flat()).toHaveLength(19);
});

it('applies the filters and the search to the ids', async () => {
  expect((await exported({ ...filters, levels: [4] })).flat()).toEqual(await expected((o) => o.status === 'current' && o.level === 4));
  expect((await exported({ ...filters, status: 'all' })).flat()).toEqual(await expected(() => true));
  const search = await exported(filters, { words: ['tam', 'tru'], codePrefixes: [] });
  expect(search.flat()).toEqual(await expected((o) => o.status === 'current' && o.name === 'Đăng ký tạm trú'));
  expect(search.flat().length).toBeGreaterThan(0);
});

it('reads the rows of each batch whole: names, agency and level', async () => {
  for await (const batch of offeringBatches(db.kysely, { ...filters, levels: [2] }, NONE, 4)) {
    for (const o of batch) expect(o).toMatchObject({ level: 2, status: 'current', name: expect.any(String), agency: expect.any(String), code: expect.stringMatching(/^1\.2000\d\d$/) });
  }
});
