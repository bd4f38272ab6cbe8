/**
 * Loads the catalogue index (db/catalogue-index.ts) from the database: plain Kysely queries, portable, read
 * in slices by id with the event loop given back between them, so other requests are served while a large
 * catalogue loads. The slices are not one transaction (which would hold the one connection for the whole
 * load); instead the version is read before and after, and a load that an import overtook starts again.
 */
import type { Kysely } from 'kysely';
import { catalogueVersion } from './catalogue-repository';
import { nextTurn } from './turns';
import { CatalogueIndex, FLAG_NULL, type CatalogueColumns } from './catalogue-index';
import { dateNumber } from '../domain/time';
import type { Database, Flag } from './schema';
import { standingHistory } from './undo-import';

const SLICE = 2000;
const ATTEMPTS = 5;

/** A turn of the event loop between two slices, shared fairly with other readers in slices (db/turns.ts). */
const yieldToLoop = nextTurn;

/** Rows of a table by id, a slice at a time. */
async function bySlices<R extends { id: number }>(read: (afterId: number, limit: number) => Promise<R[]>, each: (rows: R[]) => void) {
  let after = -Infinity;
  for (;;) {
    const rows = await read(Number.isFinite(after) ? after : -1, SLICE);
    if (rows.length === 0) return;
    each(rows);
    after = rows[rows.length - 1].id;
    if (rows.length < SLICE) return;
    await yieldToLoop();
  }
}

const flag = (value: Flag): number => (value === null ? FLAG_NULL : value === 1 ? 1 : 0);

/** Grows a typed array by doubling. */
class Column<T extends Int32Array | Uint16Array | Uint8Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  push(value: number) {
    if (this.length === this.data.length) {
      const bigger = this.make(Math.max(1024, this.data.length * 2));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  done(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

const ints = () => new Column(new Int32Array(0), (n) => new Int32Array(n));
const bytes = () => new Column(new Uint8Array(0), (n) => new Uint8Array(n));

async function readColumns(db: Kysely<Database>, version: number, content: string): Promise<CatalogueColumns> {
  const agencies: CatalogueColumns['agencies'] = [];
  await bySlices(
    (after, limit) => db.selectFrom('agency').select(['id', 'slug', 'name']).where('id', '>', after).orderBy('id').limit(limit).execute(),
    (rows) => agencies.push(...rows),
  );
  const fields: CatalogueColumns['fields'] = [];
  await bySlices(
    (after, limit) => db.selectFrom('field').select(['id', 'slug', 'name']).where('id', '>', after).orderBy('id').limit(limit).execute(),
    (rows) => fields.push(...rows),
  );
  const procedures: CatalogueColumns['procedures'] = [];
  await bySlices(
    (after, limit) =>
      db
        .selectFrom('procedure')
        .select(['id', 'code', 'name', 'field_id as fieldId', 'search_text as searchText'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(limit)
        .execute(),
    (rows) => procedures.push(...rows),
  );
  const id = ints();
  const procedureId = ints();
  const agencyId = ints();
  const level = bytes();
  const portal = bytes();
  const qd411 = bytes();
  const eligible = bytes();
  const current = bytes();
  const localCodeAt = ints();
  const localCodes: string[] = [];
  await bySlices(
    (after, limit) =>
      db
        .selectFrom('offering')
        .select(['id', 'procedure_id', 'agency_id', 'local_code', 'level', 'portal_integrated', 'qd411', 'eligible', 'status'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(limit)
        .execute(),
    (rows) => {
      for (const r of rows) {
        id.push(r.id);
        procedureId.push(r.procedure_id);
        agencyId.push(r.agency_id);
        level.push(r.level);
        portal.push(flag(r.portal_integrated));
        qd411.push(flag(r.qd411));
        eligible.push(flag(r.eligible));
        current.push(r.status === 'current' ? 1 : 0);
        if (r.local_code !== null) {
          localCodeAt.push(id.length - 1);
          localCodes.push(r.local_code);
        }
      }
    },
  );
  const tierOffering = ints();
  const tierCode = new Column(new Uint16Array(0), (n) => new Uint16Array(n));
  const tierNames: string[] = [];
  const codeOfTier = new Map<string, number>();
  // Tiers by their key (offering, tier), a slice of offerings at a time.
  const ids = id.done();
  for (let start = 0; start < ids.length; start += SLICE) {
    const from = ids[start];
    const to = ids[Math.min(ids.length, start + SLICE) - 1];
    const rows = await db
      .selectFrom('offering_tier')
      .select(['offering_id', 'tier'])
      .where('offering_id', '>=', from)
      .where('offering_id', '<=', to)
      .orderBy('offering_id')
      .execute();
    for (const r of rows) {
      let code = codeOfTier.get(r.tier);
      if (code === undefined) {
        code = tierNames.push(r.tier) - 1;
        codeOfTier.set(r.tier, code);
      }
      tierOffering.push(r.offering_id);
      tierCode.push(code);
    }
    await yieldToLoop();
  }
  const history = await readHistory(db, ids);
  return {
    version,
    content,
    agencies,
    fields,
    procedures,
    offerings: {
      id: ids,
      procedureId: procedureId.done(),
      agencyId: agencyId.done(),
      level: level.done(),
      portal: portal.done(),
      qd411: qd411.done(),
      eligible: eligible.done(),
      current: current.done(),
      localCodeAt: localCodeAt.done(),
      localCodes,
      tierOffering: tierOffering.done(),
      tierCode: tierCode.done(),
      tierNames,
    },
    history,
  };
}

/** The standing history of the offerings (that of undone imports left out), by the history's own key, a slice of offerings at a time. */
async function readHistory(db: Kysely<Database>, ids: Int32Array): Promise<CatalogueColumns['history']> {
  const offeringId = ints();
  const date = ints();
  const level = bytes();
  const portal = bytes();
  const qd411 = bytes();
  const eligible = bytes();
  const current = bytes();
  for (let start = 0; start < ids.length; start += SLICE) {
    const rows = await db
      .selectFrom('offering_history')
      .select(['offering_id', 'effective_date', 'level', 'portal_integrated', 'qd411', 'eligible', 'status'])
      .where('offering_id', '>=', ids[start])
      .where('offering_id', '<=', ids[Math.min(ids.length, start + SLICE) - 1])
      .where(standingHistory('offering_history'))
      .orderBy('offering_id')
      .orderBy('effective_date')
      .orderBy('id')
      .execute();
    for (const r of rows) {
      offeringId.push(r.offering_id);
      date.push(dateNumber(r.effective_date));
      level.push(r.level);
      portal.push(flag(r.portal_integrated));
      qd411.push(flag(r.qd411));
      eligible.push(flag(r.eligible));
      current.push(r.status === 'current' ? 1 : 0);
    }
    await yieldToLoop();
  }
  return {
    offeringId: offeringId.done(),
    date: date.done(),
    level: level.done(),
    portal: portal.done(),
    qd411: qd411.done(),
    eligible: eligible.done(),
    current: current.done(),
  };
}

/**
 * What the catalogue's content depends on: its imports, committed or undone (each commits with its rows). The
 * version also goes up for a new target, which changes the dashboard but no offering: an index whose
 * imports are the same needs no new load.
 */
export async function catalogueContent(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectFrom('import_run')
    .select((eb) => [eb.fn.max('id').as('last'), eb.fn.countAll().as('runs'), eb.fn.sum(eb.case().when('status', '=', 'undone').then(1).else(0).end()).as('undone')])
    .executeTakeFirst();
  return `${row?.last ?? 0}/${row?.runs ?? 0}/${row?.undone ?? 0}`;
}

/** The catalogue's columns as they are now: read whole between two readings of the same version. */
export async function loadCatalogueColumns(db: Kysely<Database>): Promise<CatalogueColumns> {
  let columns: CatalogueColumns | null = null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const version = await catalogueVersion(db);
    const content = await catalogueContent(db);
    columns = await readColumns(db, version, content);
    if ((await catalogueVersion(db)) === version) break;
  }
  return columns as CatalogueColumns;
}

/** The index of the catalogue as it is now, built in this thread. */
export async function loadCatalogueIndex(db: Kysely<Database>, options: { spelling?: boolean } = {}): Promise<CatalogueIndex> {
  return CatalogueIndex.build(await loadCatalogueColumns(db), options);
}
