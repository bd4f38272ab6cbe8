import type { Kysely } from 'kysely';

/** Who preloaded a target: an administrator's own targets carry their name instead, and are never touched. */
const BY = 'migration 2026-12-02-14';

/**
 * The targets in force from 2023: Quảng Ngãi's plan 96/KH-UBND of 28/4/2023 set 100% of the procedures
 * eligible to be fully online (toàn trình), under Nghị định 42/2022/NĐ-CP. 2020's target (30% at level 4 of
 * all procedures, Nghị quyết 17/NQ-CP) was preloaded by migration 05. A year an administrator has already
 * set is left as it is.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const existing = await db.selectFrom('coverage_target').select('year').where('year', '=', 2023).executeTakeFirst();
  if (existing) return;
  await db
    .insertInto('coverage_target')
    .values({
      year: 2023,
      level4_pct: 100,
      basis: 'eligible',
      note: 'Kế hoạch 96/KH-UBND ngày 28/4/2023 của UBND tỉnh Quảng Ngãi: 100% thủ tục đủ điều kiện cung cấp dịch vụ công trực tuyến toàn trình',
      updated_at: new Date().toISOString(),
      updated_by: BY,
    })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('coverage_target').where('year', '=', 2023).where('updated_by', '=', BY).execute();
}
