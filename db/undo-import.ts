/**
 * Undoing an import: every offering it changed goes back to its state before the import, recorded as an
 * 'undone' history row; every offering it created is removed. The history rows of an undone import (its
 * changes and its 'undone' rows) stay visible on the procedure page but no longer count: coverage "as of a
 * date" reads only rows of imports that stand (see `standingHistory`). Refused when a standing later import
 * changed any of the same offerings: undoing under it would silently rewrite that import's work.
 *
 * Not restored: tiers, local codes and procedure details (names, fees…), which the history does not keep.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from './schema';
import { bumpCatalogueVersion } from './catalogue-repository';

/** History rows that count: not written by an import that was undone. */
export function standingHistory<T extends 'offering_history' | 'later' | 'mine' | 'h'>(table: T) {
  return (eb: ExpressionBuilder<any, any>) =>
    eb.or([
      eb(`${table}.import_id`, 'is', null),
      eb(`${table}.import_id`, 'not in', eb.selectFrom('import_run').select('import_run.id').where('import_run.status', '=', 'undone')),
    ]);
}

export type UndoResult =
  | { ok: true; restored: number; removed: number }
  | { ok: false; reason: 'not-found' | 'already-undone' }
  | { ok: false; reason: 'conflict'; blocking: { code: string; agency: string; laterImportId: number | null }[] };

export async function undoImport(db: Kysely<Database>, importId: number, now: string): Promise<UndoResult> {
  return db.transaction().execute(async (trx): Promise<UndoResult> => {
    const run = await trx.selectFrom('import_run').select(['status', 'effective_date']).where('id', '=', importId).executeTakeFirst();
    if (!run) return { ok: false, reason: 'not-found' };
    if (run.status === 'undone') return { ok: false, reason: 'already-undone' };

    const blocking = await trx
      .selectFrom('offering_history as mine')
      .innerJoin('offering_history as later', (join) =>
        join.onRef('later.offering_id', '=', 'mine.offering_id').onRef('later.id', '>', 'mine.id'),
      )
      .innerJoin('offering', 'offering.id', 'mine.offering_id')
      .innerJoin('procedure', 'procedure.id', 'offering.procedure_id')
      .innerJoin('agency', 'agency.id', 'offering.agency_id')
      .select(['procedure.code as code', 'agency.name as agency', 'later.import_id as laterImportId'])
      .where('mine.import_id', '=', importId)
      .where(standingHistory('later'))
      .distinct()
      .orderBy('procedure.code')
      .limit(200)
      .execute();
    if (blocking.length > 0) return { ok: false, reason: 'conflict', blocking };

    const changes = await trx
      .selectFrom('offering_history')
      .select(['id', 'offering_id', 'change'])
      .where('import_id', '=', importId)
      .orderBy('id')
      .execute();

    let restored = 0;
    let removed = 0;
    const created = changes.filter((c) => c.change === 'created').map((c) => c.offering_id);
    for (let i = 0; i < created.length; i += 500) {
      const ids = created.slice(i, i + 500);
      const procedures = await trx.selectFrom('offering').select('procedure_id').distinct().where('id', 'in', ids).execute();
      await trx.deleteFrom('offering_history').where('offering_id', 'in', ids).execute();
      await trx.deleteFrom('offering_tier').where('offering_id', 'in', ids).execute();
      removed += Number((await trx.deleteFrom('offering').where('id', 'in', ids).executeTakeFirst()).numDeletedRows);
      // A procedure the import brought in and no agency carries any more leaves with it.
      await trx
        .deleteFrom('procedure')
        .where('id', 'in', procedures.map((p) => p.procedure_id))
        .where((eb) => eb.not(eb.exists(eb.selectFrom('offering').select('offering.id').whereRef('offering.procedure_id', '=', 'procedure.id'))))
        .execute();
    }

    for (const change of changes.filter((c) => c.change !== 'created')) {
      const previous = await trx
        .selectFrom('offering_history')
        .select(['level', 'portal_integrated', 'qd411', 'eligible', 'status', 'import_id'])
        .where('offering_id', '=', change.offering_id)
        .where('id', '<', change.id)
        .where(standingHistory('offering_history'))
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!previous) continue;
      await trx
        .updateTable('offering')
        .set({
          level: previous.level,
          portal_integrated: previous.portal_integrated,
          qd411: previous.qd411,
          eligible: previous.eligible,
          status: previous.status,
          effective_date: run.effective_date,
          import_id: previous.import_id,
          updated_at: now,
        })
        .where('id', '=', change.offering_id)
        .execute();
      await trx
        .insertInto('offering_history')
        .values({
          offering_id: change.offering_id,
          import_id: importId,
          effective_date: run.effective_date,
          change: 'undone',
          level: previous.level,
          portal_integrated: previous.portal_integrated,
          qd411: previous.qd411,
          eligible: previous.eligible,
          status: previous.status,
          recorded_at: now,
        })
        .execute();
      restored++;
    }

    await trx.updateTable('import_run').set({ status: 'undone' }).where('id', '=', importId).execute();
    await bumpCatalogueVersion(trx, now);
    return { ok: true, restored, removed };
  });
}
