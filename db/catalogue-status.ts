/**
 * The catalogue's version and whether the sample is loaded: every page asks (the page cache and the sample
 * banner), so on SQLite it is read synchronously from a statement prepared once, in microseconds.
 */
import type { Kysely } from 'kysely';
import type { CatalogueDb, PreparedQuery } from './connection';
import type { Database } from './schema';
import { SAMPLE_IMPORT_USER } from './catalogue-repository';

export interface CatalogueStatus {
  version: number;
  sample: boolean;
}

/**
 * Reads the status: on SQLite synchronously, from the prepared statement; on PostgreSQL with one short query
 * (a round trip), which every app instance makes, so that each follows changes another one committed.
 */
export function catalogueStatusReader(db: CatalogueDb): () => CatalogueStatus | Promise<CatalogueStatus> {
  if (db.dialect === 'postgres') {
    return async () => {
      const row = await statusQuery(db.kysely).executeTakeFirst();
      return { version: Number(row?.version ?? 0), sample: Boolean(row?.sample) };
    };
  }
  let query: PreparedQuery<{ version: number; sample: number }> | null = null;
  const prepare = () => db.prepare<{ version: number; sample: number }>(statusQuery(db.kysely));
  return () => {
    query ??= prepare();
    const row = query.get();
    return { version: Number(row?.version ?? 0), sample: Boolean(row?.sample) };
  };
}

function statusQuery(kysely: Kysely<Database>) {
  return kysely
    .selectFrom('catalogue_state')
    .select((eb) => [
      'version',
      eb
        .exists(
          eb
            .selectFrom('import_run')
            .select('import_run.id')
            .where('import_run.run_by', '=', SAMPLE_IMPORT_USER)
            .where('import_run.status', '=', 'committed'),
        )
        .as('sample'),
    ])
    .where('id', '=', 1);
}

