/**
 * The catalogue's version and whether the sample is loaded, read synchronously from a statement SQLite
 * prepares once: every page asks (the page cache and the sample banner), so it must cost microseconds.
 */
import type { CatalogueDb, PreparedQuery } from './connection';
import { SAMPLE_IMPORT_USER } from './catalogue-repository';

export function catalogueStatusReader(db: CatalogueDb): () => { version: number; sample: boolean } {
  let query: PreparedQuery<{ version: number; sample: number }> | null = null;
  const prepare = () =>
    db.prepare<{ version: number; sample: number }>(
      db.kysely
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
        .where('id', '=', 1),
    );
  return () => {
    query ??= prepare();
    const row = query.get();
    return { version: Number(row?.version ?? 0), sample: Boolean(row?.sample) };
  };
}

