import type { SqliteCatalogueDb } from '../../db/connection';
import { param } from '../../db/sqlite';
import { openSqliteTestDb } from '../helpers';

let db: SqliteCatalogueDb;
beforeEach(async () => {
  db = await openSqliteTestDb();
});
afterEach(async () => {
  await db.close();
});

const fieldRows = (count: number) =>
  db.kysely.insertInto('field').values(
    Array.from({ length: count }, () => ({ name: param('name'), name_key: param('key'), slug: param('slug'), created_at: '2026-01-01' })),
  );

describe('prepareRows: many rows per statement', () => {
  it('inserts each row with its own values and the query constants, and gives back their ids', async () => {
    const insert = db.prepareRows(fieldRows);
    const made = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ name: `Lĩnh vực ${from + i}`, key: `k${from + i}`, slug: `s${from + i}` }));
    expect(insert.insert(made(0, 3))).toEqual({ firstId: 1, lastId: 3 });
    expect(insert.insert(made(3, 1))).toEqual({ firstId: 4, lastId: 4 });
    await db.kysely.deleteFrom('field').where('id', '>=', 3).execute();
    expect(insert.insert(made(10, 3))).toEqual({ firstId: 3, lastId: 5 });
    const stored = await db.kysely.selectFrom('field').select(['id', 'name', 'slug', 'created_at']).orderBy('id').execute();
    expect(stored).toEqual([
      { id: 1, name: 'Lĩnh vực 0', slug: 's0', created_at: '2026-01-01' },
      { id: 2, name: 'Lĩnh vực 1', slug: 's1', created_at: '2026-01-01' },
      { id: 3, name: 'Lĩnh vực 10', slug: 's10', created_at: '2026-01-01' },
      { id: 4, name: 'Lĩnh vực 11', slug: 's11', created_at: '2026-01-01' },
      { id: 5, name: 'Lĩnh vực 12', slug: 's12', created_at: '2026-01-01' },
    ]);
  });

  it('refuses a builder whose rows do not repeat the one-row values in order', () => {
    const uneven = db.prepareRows((count) =>
      db.kysely.insertInto('field').values(
        Array.from({ length: count }, (_, i) => ({ name: param(i === 0 ? 'name' : 'other'), name_key: param('key'), slug: param('slug'), created_at: 'x' })),
      ),
    );
    expect(() => uneven.insert([{ name: 'a', other: 'b', key: 'a', slug: 'a' }, { name: 'b', other: 'b', key: 'b', slug: 'b' }])).toThrow(
      /does not repeat/,
    );
  });

  it('names a missing value rather than writing a null', () => {
    const insert = db.prepareRows(fieldRows);
    expect(() => insert.insert([{ name: 'a', key: 'a' }])).toThrow('Missing value for parameter "slug"');
  });
});

it('refuses an empty batch rather than guessing ids', () => {
  expect(() => db.prepareRows(fieldRows).insert([])).toThrow('nothing to insert');
});
