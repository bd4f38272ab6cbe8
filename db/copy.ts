/**
 * Copies a whole catalogue from one database to another — in practice from the embedded SQLite file to a
 * PostgreSQL server that outgrows it: procedures, offerings, the whole history, imports with their
 * before-images, targets, accounts, sessions and uploads. Both sides are at the same schema (the same
 * migrations); the copy runs in one transaction on the target, checks every table's count before it commits,
 * and refuses a target that already holds a catalogue.
 */
import { sql, type Kysely } from 'kysely';

export interface CopyReport {
  /** Rows copied, by table, in the order the tables were copied. */
  tables: { table: string; rows: number }[];
  durationMs: number;
}

export class CopyRefusedError extends Error {
  constructor(
    readonly reason: 'target-not-empty' | 'schema-differs' | 'count-differs',
    readonly detail: Record<string, unknown>,
  ) {
    super(`copy refused: ${reason} ${JSON.stringify(detail)}`);
  }
}

/**
 * Tables the migrations fill themselves (the catalogue's version row, preloaded targets): the target's rows
 * are replaced by the source's. A target whose other tables hold any row is not empty.
 */
const SEEDED_BY_MIGRATIONS = new Set(['catalogue_state', 'coverage_target']);

/** PostgreSQL takes at most 65,535 parameters in one statement. */
const MAX_PARAMETERS = 60_000;

interface TableInfo {
  name: string;
  columns: string[];
  /** An identity column whose sequence must continue after the copied ids. */
  identity: string | null;
  /** Tables this one references (copied before it). */
  references: string[];
}

/** The target's tables (PostgreSQL), with their columns and foreign keys. */
async function postgresTables(db: Kysely<any>): Promise<TableInfo[]> {
  const columns = await sql<{ table_name: string; column_name: string; is_identity: string }>`
    select table_name, column_name, is_identity from information_schema.columns
    where table_schema = current_schema() and table_name not like 'kysely\\_%'
    order by table_name, ordinal_position`.execute(db);
  const keys = await sql<{ child: string; parent: string }>`
    select distinct tc.table_name as child, ccu.table_name as parent
    from information_schema.table_constraints tc
    join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
    where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`.execute(db);
  const tables = new Map<string, TableInfo>();
  for (const c of columns.rows) {
    let table = tables.get(c.table_name);
    if (!table) tables.set(c.table_name, (table = { name: c.table_name, columns: [], identity: null, references: [] }));
    table.columns.push(c.column_name);
    if (c.is_identity === 'YES') table.identity = c.column_name;
  }
  for (const k of keys.rows) if (k.child !== k.parent) tables.get(k.child)?.references.push(k.parent);
  return dependencyOrder([...tables.values()]);
}

/** Parents before children (the foreign keys hold at every insert); otherwise by name, so the order is stable. */
function dependencyOrder(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: TableInfo[] = [];
  const visit = (table: TableInfo, path: Set<string>) => {
    if (done.has(table.name)) return;
    if (path.has(table.name)) throw new Error(`foreign keys form a cycle through ${table.name}`);
    path.add(table.name);
    for (const parent of [...table.references].sort()) {
      const p = byName.get(parent);
      if (p) visit(p, path);
    }
    path.delete(table.name);
    done.add(table.name);
    out.push(table);
  };
  for (const table of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(table, new Set());
  return out;
}

async function countRows(db: Kysely<any>, table: string): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const rows = await db.selectFrom('kysely_migration').select('name').orderBy('name').execute();
  return rows.map((r) => String(r.name));
}

/**
 * Copies every table of `from` into `to` (PostgreSQL). Both must be migrated to the same latest schema
 * (the caller migrates them). Throws CopyRefusedError, having written nothing, when the target already holds
 * data, the schemas differ, or a count after the copy does not match.
 */
export async function copyCatalogue(
  from: Kysely<any>,
  to: Kysely<any>,
  options: { onTable?: (table: string, rows: number) => void } = {},
): Promise<CopyReport> {
  const started = Date.now();
  const [sourceMigrations, targetMigrations] = await Promise.all([appliedMigrations(from), appliedMigrations(to)]);
  if (sourceMigrations.join('\n') !== targetMigrations.join('\n')) {
    throw new CopyRefusedError('schema-differs', { source: sourceMigrations.length, target: targetMigrations.length });
  }
  const tables = await postgresTables(to);

  const filled: { table: string; rows: number }[] = [];
  for (const table of tables) {
    if (SEEDED_BY_MIGRATIONS.has(table.name)) continue;
    const rows = await countRows(to, table.name);
    if (rows > 0) filled.push({ table: table.name, rows });
  }
  const state = await to.selectFrom('catalogue_state').select('version').executeTakeFirst();
  if (filled.length > 0 || Number(state?.version ?? 0) !== 0) throw new CopyRefusedError('target-not-empty', { tables: filled });

  const report: CopyReport = { tables: [], durationMs: 0 };
  await to.transaction().execute(async (trx) => {
    for (const table of tables) {
      if (SEEDED_BY_MIGRATIONS.has(table.name)) await trx.deleteFrom(table.name).execute();
      const batchRows = Math.max(1, Math.floor(MAX_PARAMETERS / table.columns.length));
      const keyed = table.columns.includes('id');
      let copied = 0;
      let lastId: number | null = null;
      // A batch at a time, in key order (after the last id where there is one), so that a catalogue of any
      // size is never held in memory whole.
      for (let offset = 0; ; offset += batchRows) {
        let query = from.selectFrom(table.name).select(table.columns);
        if (keyed) {
          if (lastId !== null) query = query.where('id', '>', lastId);
          query = query.orderBy('id');
        } else {
          for (const column of table.columns) query = query.orderBy(column);
          query = query.offset(offset);
        }
        const rows: Record<string, unknown>[] = await query.limit(batchRows).execute();
        if (rows.length === 0) break;
        await trx.insertInto(table.name).values(rows).execute();
        copied += rows.length;
        if (keyed) lastId = Number(rows[rows.length - 1]!.id);
        if (rows.length < batchRows) break;
      }
      if (table.identity) {
        // The next id after the largest copied one: rows made later on PostgreSQL do not collide.
        await sql`select setval(pg_get_serial_sequence(${table.name}, ${table.identity}), coalesce((select max(${sql.ref(table.identity)}) from ${sql.table(table.name)}), 0) + 1, false)`.execute(trx);
      }
      const expected = await countRows(from, table.name);
      const written = await countRows(trx, table.name);
      if (expected !== written || copied !== expected) {
        throw new CopyRefusedError('count-differs', { table: table.name, source: expected, target: written });
      }
      report.tables.push({ table: table.name, rows: written });
      options.onTable?.(table.name, written);
    }
  });
  report.durationMs = Date.now() - started;
  return report;
}
