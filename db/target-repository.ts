/**
 * Level-4 targets per year: all SQL for them lives here.
 */
import type { Kysely } from 'kysely';
import type { CoverageTargetRow, Database, TargetBasis } from './schema';

export interface CoverageTarget {
  year: number;
  /** 0–100. */
  level4Pct: number;
  basis: TargetBasis;
  note: string | null;
  updatedAt: string;
  updatedBy: string;
}

export function toCoverageTarget(row: CoverageTargetRow): CoverageTarget {
  return {
    year: Number(row.year),
    level4Pct: Number(row.level4_pct),
    basis: row.basis,
    note: row.note,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

/** Every target, oldest year first. */
export async function listTargets(db: Kysely<Database>): Promise<CoverageTarget[]> {
  const rows = await db.selectFrom('coverage_target').selectAll().orderBy('year').execute();
  return rows.map(toCoverageTarget);
}

/**
 * Sets the target for a year. A note or basis left undefined keeps the stored one (none, or 'all', for a
 * new year).
 * Returns whether the year was new.
 */
export async function saveTarget(
  db: Kysely<Database>,
  target: { year: number; level4Pct: number; basis: TargetBasis | undefined; note: string | null | undefined; updatedAt: string; updatedBy: string },
): Promise<'inserted' | 'updated'> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('coverage_target').select(['note', 'basis']).where('year', '=', target.year).executeTakeFirst();
    const values = {
      level4_pct: target.level4Pct,
      basis: target.basis ?? existing?.basis ?? 'all',
      note: target.note === undefined ? (existing?.note ?? null) : target.note,
      updated_at: target.updatedAt,
      updated_by: target.updatedBy,
    };
    if (existing) {
      await trx.updateTable('coverage_target').set(values).where('year', '=', target.year).execute();
      return 'updated';
    }
    await trx.insertInto('coverage_target').values({ year: target.year, ...values }).execute();
    return 'inserted';
  });
}
