/**
 * Undoing an import: every offering it changed goes back to its state before the import (level, integration
 * and status from the history, recorded as an 'undone' history row; local code, tiers and last change from
 * offering_before), every procedure whose name or details it changed gets them back (procedure_before), and
 * every offering it created is removed. The history rows of an undone import (its changes and its 'undone'
 * rows) stay visible on the procedure page but no longer count: coverage "as of a date" reads only rows of
 * imports that stand (see `standingHistory`). Refused when a standing later import changed any of the same
 * offerings or procedures: undoing under it would silently rewrite that import's work.
 *
 * Imports made before migration 08 kept no before-images: undoing one restores what the history holds.
 * Agencies and fields an import created, and agency codes it set, stay.
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { CatalogueDb } from './connection';
import { TIERS } from '../domain/tiers';
import type { Database } from './schema';
import { bumpCatalogueVersion } from './catalogue-repository';
import { procedureSearchText } from '../domain/text';
import { PROCEDURE_DETAILS } from '../domain/import-fields';

/** History rows that count: not written by an import that was undone. */
export function standingHistory<T extends 'offering_history' | 'later' | 'mine' | 'h' | 'p'>(table: T) {
  return (eb: ExpressionBuilder<any, any>) =>
    eb.or([
      eb(`${table}.import_id`, 'is', null),
      eb(`${table}.import_id`, 'not in', eb.selectFrom('import_run').select('import_run.id').where('import_run.status', '=', 'undone')),
    ]);
}

export type UndoResult =
  /** restored: offerings put back; procedures: procedures whose name or details were put back; removed: offerings removed. */
  | { ok: true; restored: number; procedures: number; removed: number }
  | { ok: false; reason: 'not-found' | 'already-undone' }
  | { ok: false; reason: 'conflict'; blocking: { code: string; agency: string; laterImportId: number | null }[] };

/**
 * On the connection's own write transaction (CatalogueDb.begin), which locks the catalogue alone: a Kysely
 * transaction would lock the web-state file too, and sign-ins would wait for the undo. Run it on a connection
 * nothing else uses meanwhile (the import jobs' writer).
 */
export async function undoImport(
  db: CatalogueDb,
  importId: number,
  now: string,
  onProgress?: (offeringsDone: number) => void,
  onStart?: () => void,
): Promise<UndoResult> {
  await db.begin();
  try {
    const result = await undoWithin(db.kysely, importId, now, onProgress ?? (() => undefined), onStart ?? (() => undefined));
    if (result.ok) await db.commit();
    else await db.rollback();
    return result;
  } catch (error) {
    await db.rollback();
    throw error;
  }
}

/** Changes put back by one statement: enough to cost little per row, few enough that progress moves. */
const RESTORE_CHUNK = 5000;

/** `onStart` is called once the import is known to be undoable, inside the transaction, before anything changes. */
async function undoWithin(trx: Kysely<Database>, importId: number, now: string, onProgress: (offeringsDone: number) => void, onStart: () => void): Promise<UndoResult> {
  {
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
    blocking.push(...(await laterBeforeImages(trx, importId)));
    if (blocking.length > 0) return { ok: false, reason: 'conflict', blocking: dedupe(blocking) };
    onStart();

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
      onProgress(removed);
    }

    // The changes in ranges of their ids, so that the undo reports its progress as it goes.
    const changed = changes.filter((c) => c.change !== 'created' && c.change !== 'undone').map((c) => c.id);
    for (let i = 0; i < changed.length; i += RESTORE_CHUNK) {
      const ids = changed.slice(i, i + RESTORE_CHUNK);
      restored += await restoreFromHistory(trx, importId, run.effective_date, now, [ids[0]!, ids[ids.length - 1]!]);
      onProgress(removed + restored);
    }
    const details = await restoreBeforeImages(trx, importId, now);
    onProgress(removed + restored + details.offeringsOnlyThere);
    await trx.updateTable('import_run').set({ status: 'undone' }).where('id', '=', importId).execute();
    await bumpCatalogueVersion(trx, now);
    return { ok: true, restored: restored + details.offeringsOnlyThere, procedures: details.procedures, removed };
  }
}

type Blocking = { code: string; agency: string; laterImportId: number | null };

/** One line per offering (or procedure) and later import, in code order. */
function dedupe(blocking: Blocking[]): Blocking[] {
  const seen = new Set<string>();
  return blocking
    .filter((b) => {
      const key = `${b.code}\u0000${b.agency}\u0000${b.laterImportId}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.code.localeCompare(b.code) || a.agency.localeCompare(b.agency))
    .slice(0, 200);
}

/**
 * Later standing imports that changed what this one changed outside the history: an offering's local code or
 * tiers (either import's before-image against the other's history or before-image), a procedure's details.
 */
async function laterBeforeImages(trx: Kysely<Database>, importId: number): Promise<Blocking[]> {
  const touched = trx
    .selectFrom('offering_history')
    .select('offering_id')
    .where('import_id', '=', importId)
    .union(trx.selectFrom('offering_before').select('offering_id').where('import_id', '=', importId));
  // Later standing imports' changes of offerings, from the history or from before-images. (History against
  // history is the caller's first check; it is found here too, and de-duplicated.)
  const later = trx
    .selectFrom('offering_history as later')
    .select(['later.offering_id', 'later.import_id'])
    .where('later.import_id', '>', importId)
    .where(standingHistory('later'))
    .union(
      trx
        .selectFrom('offering_before as later')
        .select(['later.offering_id', 'later.import_id'])
        .where('later.import_id', '>', importId)
        .where(standingHistory('later')),
    );
  const laterOfferings = await trx
    .selectFrom(later.as('l'))
    .innerJoin('offering', 'offering.id', 'l.offering_id')
    .innerJoin('procedure', 'procedure.id', 'offering.procedure_id')
    .innerJoin('agency', 'agency.id', 'offering.agency_id')
    .select(['procedure.code as code', 'agency.name as agency', 'l.import_id as laterImportId'])
    .where('l.offering_id', 'in', touched)
    .limit(200)
    .execute();
  const laterProcedures = await trx
    .selectFrom('procedure_before as later')
    .innerJoin('procedure', 'procedure.id', 'later.procedure_id')
    .select(['procedure.code as code', 'later.import_id as laterImportId'])
    .where('later.import_id', '>', importId)
    .where(standingHistory('later'))
    .where('later.procedure_id', 'in', trx.selectFrom('procedure_before').select('procedure_id').where('import_id', '=', importId))
    .limit(200)
    .execute();
  return [...laterOfferings, ...laterProcedures.map((p) => ({ code: p.code, agency: '', laterImportId: p.laterImportId }))];
}

/**
 * Each offering the import changed goes back to the standing history row just before that change, and an
 * 'undone' row records it; returns how many. Whole sets at a time (UPDATE … FROM, INSERT … SELECT), not a
 * few statements per offering: an import that changed 116,000 offerings is undone in seconds, not minutes.
 */
async function restoreFromHistory(trx: Kysely<Database>, importId: number, effectiveDate: string, now: string, [first, last]: [number, number]): Promise<number> {
  // The import's changes (one per offering), each with the state before it.
  const previous = () =>
    trx
      .selectFrom('offering_history as c')
      .innerJoin('offering_history as h', (join) =>
        join.on((eb) =>
          eb(
            'h.id',
            '=',
            eb
              .selectFrom('offering_history as p')
              .select('p.id')
              .whereRef('p.offering_id', '=', 'c.offering_id')
              .whereRef('p.id', '<', 'c.id')
              .where(standingHistory('p'))
              .orderBy('p.id', 'desc')
              .limit(1),
          ),
        ),
      )
      .where('c.import_id', '=', importId)
      .where('c.id', '>=', first)
      .where('c.id', '<=', last)
      .where('c.change', 'not in', ['created', 'undone'])
      .select(['c.id as change_id', 'c.offering_id', 'h.level', 'h.portal_integrated', 'h.qd411', 'h.eligible', 'h.status', 'h.import_id']);

  const updated = await trx
    .updateTable('offering')
    .from(previous().as('x'))
    .set((eb) => ({
      level: eb.ref('x.level'),
      portal_integrated: eb.ref('x.portal_integrated'),
      qd411: eb.ref('x.qd411'),
      eligible: eb.ref('x.eligible'),
      status: eb.ref('x.status'),
      import_id: eb.ref('x.import_id'),
      effective_date: effectiveDate,
      updated_at: now,
    }))
    .whereRef('offering.id', '=', 'x.offering_id')
    .executeTakeFirst();
  await trx
    .insertInto('offering_history')
    .columns(['offering_id', 'import_id', 'effective_date', 'change', 'level', 'portal_integrated', 'qd411', 'eligible', 'status', 'recorded_at'])
    .expression(
      trx
        .selectFrom(previous().as('x'))
        .select((eb) => [
          'x.offering_id',
          eb.val(importId).as('import_id'),
          eb.val(effectiveDate).as('effective_date'),
          eb.val('undone').as('change'),
          'x.level',
          'x.portal_integrated',
          'x.qd411',
          'x.eligible',
          'x.status',
          eb.val(now).as('recorded_at'),
        ])
        .orderBy('x.change_id'),
    )
    .execute();
  return Number(updated.numUpdatedRows);
}

/**
 * Puts back the offerings' local codes and tiers, and the procedures' names and details, that the import's
 * before-images hold. An offering the history did not restore (the import changed only its local code or
 * tiers) also gets back its last change (import and date), as if the import had never touched it; one the
 * history restored keeps the date of its 'undone' row. Returns how many offerings only the before-images
 * restored, and how many procedures.
 */
async function restoreBeforeImages(trx: Kysely<Database>, importId: number, now: string): Promise<{ offeringsOnlyThere: number; procedures: number }> {
  // The tier rows first, while the offerings still hold the import's tiers to compare with.
  const tiersChanged = () =>
    trx
      .selectFrom('offering_before as b')
      .innerJoin('offering as o', 'o.id', 'b.offering_id')
      .where('b.import_id', '=', importId)
      .whereRef('o.tiers', '<>', 'b.tiers');
  await trx.deleteFrom('offering_tier').where('offering_id', 'in', tiersChanged().select('b.offering_id')).execute();
  for (const tier of TIERS) {
    await trx
      .insertInto('offering_tier')
      .columns(['offering_id', 'tier'])
      .expression(
        tiersChanged()
          .select((eb) => ['b.offering_id', eb.val(tier).as('tier')])
          .where(sql<string>`',' || b.tiers || ','`, 'like', `%,${tier},%`),
      )
      .execute();
  }

  const restoredByHistory = trx.selectFrom('offering_history').select('offering_id').where('import_id', '=', importId);
  const fromBefore = (byHistory: boolean) =>
    trx
      .updateTable('offering')
      .from('offering_before as b')
      .whereRef('b.offering_id', '=', 'offering.id')
      .where('b.import_id', '=', importId)
      .where('offering.id', byHistory ? 'in' : 'not in', restoredByHistory);
  await fromBefore(true)
    .set((eb) => ({ local_code: eb.ref('b.local_code'), tiers: eb.ref('b.tiers'), online_url: eb.ref('b.online_url'), updated_at: now }))
    .execute();
  const onlyBefore = await fromBefore(false)
    .set((eb) => ({
      local_code: eb.ref('b.local_code'),
      tiers: eb.ref('b.tiers'),
      online_url: eb.ref('b.online_url'),
      import_id: eb.ref('b.previous_import_id'),
      effective_date: eb.ref('b.previous_effective_date'),
      updated_at: now,
    }))
    .executeTakeFirst();
  const offeringsOnlyThere = Number(onlyBefore.numUpdatedRows);

  const procedures = await trx
    .selectFrom('procedure_before')
    .innerJoin('procedure', 'procedure.id', 'procedure_before.procedure_id')
    .select([
      'procedure.id as id',
      'procedure.code as code',
      'procedure_before.name as name',
      'procedure_before.field_id as field_id',
      ...PROCEDURE_DETAILS.map((f) => `procedure_before.${f.column}` as const),
    ])
    .where('procedure_before.import_id', '=', importId)
    .execute();
  for (const { id, code, ...details } of procedures) {
    await trx
      .updateTable('procedure')
      .set({ ...details, search_text: procedureSearchText(code, details.name), updated_at: now })
      .where('id', '=', id)
      .execute();
  }
  return { offeringsOnlyThere, procedures: procedures.length };
}

/**
 * What undoing an import would do, counted as undo counts it (offerings put back, offerings removed,
 * procedures given back their details): the undo page promises these numbers, and the undo's message repeats them.
 */
export async function undoPlan(db: Kysely<Database>, importId: number): Promise<{ restored: number; removed: number; procedures: number }> {
  const count = async (query: { executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }> }) => Number((await query.executeTakeFirstOrThrow()).n);
  const history = db.selectFrom('offering_history').where('import_id', '=', importId);
  const removed = await count(history.where('change', '=', 'created').select((eb) => eb.fn.countAll<number>().as('n')));
  const byHistory = await count(history.where('change', 'not in', ['created', 'undone']).select((eb) => eb.fn.count<number>('offering_id').distinct().as('n')));
  const onlyBefore = await count(
    db
      .selectFrom('offering_before')
      .where('import_id', '=', importId)
      .where('offering_id', 'not in', db.selectFrom('offering_history').select('offering_id').where('import_id', '=', importId))
      .select((eb) => eb.fn.countAll<number>().as('n')),
  );
  const procedures = await count(db.selectFrom('procedure_before').where('import_id', '=', importId).select((eb) => eb.fn.countAll<number>().as('n')));
  return { restored: byHistory + onlyBefore, removed, procedures };
}
