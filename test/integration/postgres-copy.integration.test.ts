import path from 'node:path';
import type { Kysely } from 'kysely';
import { createSession, createUser } from '../../db/account-repository';
import { openDatabase, type CatalogueDb } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { openPostgresKysely } from '../../db/postgres';
import type { Database } from '../../db/schema';
import { undoImport } from '../../db/undo-import';
import { importFile } from '../../imports/run-import';
import { runDbCopyCli } from '../../cli/db-copy-cli';
import { createCoverageService, type QuarterReport, type Trend } from '../../server/services/coverage-service';
import { firstChanges } from '../../server/coverage/coverage-pages';
import { setTarget } from '../../server/services/target-service';
import { countOfferings, facetCounts, listOfferings, NO_SEARCH } from '../../db/catalogue-list-repository';
import { NO_FILTERS } from '../../domain/filters';
import { csv, fixedClock, HEADER, tempDir, writeCsv } from '../helpers';
import { describePostgres, freshPostgresDatabase } from '../postgres';

class Buffer {
  text = '';
  write(chunk: string) {
    this.text += chunk;
  }
}

/** Every row of every table, in key order. */
async function dumpAll(db: Kysely<any>, tables: string[]): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    let query = db.selectFrom(table).selectAll();
    for (const key of ['id', 'offering_id', 'tier', 'token_hash', 'year', 'username', 'address']) query = query.orderBy(key as never);
    out[table] = await query.execute().catch(async () => {
      // Tables without some of those columns: order by every column instead.
      const rows = await db.selectFrom(table).selectAll().execute();
      return rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    });
  }
  return out;
}

const TABLES = [
  'import_run', 'agency', 'field', 'procedure', 'offering', 'offering_tier', 'offering_history', 'offering_before', 'procedure_before',
  'catalogue_state', 'coverage_target', 'app_user', 'user_session', 'login_attempt', 'known_sign_in', 'audit_log', 'import_upload',
];

describePostgres('moving a catalogue from SQLite to PostgreSQL (npm run db:copy)', () => {
  const sqliteFile = path.join(tempDir(), `copy-source-${process.pid}.db`);
  let source: CatalogueDb;
  let target: { url: string; drop: () => Promise<void> };
  let pg: Kysely<Database>;

  beforeAll(async () => {
    source = openDatabase(`sqlite:${sqliteFile}`);
    await migrateToLatest(source.kysely);
    const rows = (level: string, extra: string[][] = []) => [
      HEADER,
      ['1.001612', 'Đăng ký khai sinh', 'UBND xã An Phú', level, 'Hộ tịch', 'Cấp xã', 'Có', 'Còn hiệu lực'],
      ['1.001612', 'Đăng ký khai sinh', 'UBND xã Bình Minh', 'Mức độ 3', 'Hộ tịch', 'Cấp xã', 'Không', 'Còn hiệu lực'],
      ['2.000001', 'Cấp giấy phép xây dựng', 'Sở Xây dựng', 'Mức độ 2', 'Xây dựng', 'Cấp tỉnh', 'Không', 'Còn hiệu lực'],
      ['1.000105', 'Cấp phiếu lý lịch tư pháp', 'Sở Tư pháp', 'Toàn trình', 'Lý lịch tư pháp', 'Cấp tỉnh', 'Có', 'Còn hiệu lực'],
      ...extra,
    ];
    expect((await importFile(source, writeCsv(csv(rows('Mức độ 3'))), { asOf: '2026-03-15' }, fixedClock('2026-03-15T03:00:00Z'))).status).toBe('imported');
    expect((await importFile(source, writeCsv(csv(rows('Mức độ 4'))), { asOf: '2026-07-01' }, fixedClock('2026-07-01T03:00:00Z'))).status).toBe('imported');
    const third = await importFile(
      source,
      writeCsv(csv(rows('Mức độ 4', [['2.000002', 'Gia hạn giấy phép xây dựng', 'Sở Xây dựng', 'Mức độ 4', 'Xây dựng', 'Cấp tỉnh', 'Có', 'Còn hiệu lực']]))),
      { asOf: '2026-10-02' },
      fixedClock('2026-10-02T03:00:00Z'),
    );
    expect(third.status).toBe('imported');
    expect(await undoImport(source, third.importId!, '2026-10-03T00:00:00Z')).toMatchObject({ ok: true });
    await createUser(source.kysely, { username: 'canbo', role: 'staff', passwordHash: 'scrypt$x', now: '2026-10-01T00:00:00Z' });
    const user = await source.kysely.selectFrom('app_user').select('id').where('username', '=', 'canbo').executeTakeFirstOrThrow();
    await createSession(source.kysely, 'a'.repeat(64), user.id, '2026-10-01T00:00:00Z');
    await setTarget(source.kysely, { year: 2026, level4Pct: 80, basis: 'eligible', note: 'Kế hoạch 96/KH-UBND' }, 'admin', new Date('2026-10-01T00:00:00Z'));

    target = await freshPostgresDatabase();
    const out = new Buffer();
    const err = new Buffer();
    expect(await runDbCopyCli([`sqlite:${sqliteFile}`, target.url], {}, out, err)).toBe(0);
    expect(err.text).toBe('');
    expect(out.text).toMatch(/Đã chép \d+ bảng, [\d.]+ dòng, trong [\d.]+ giây; số dòng từng bảng khớp với nguồn\./);
    pg = openPostgresKysely(target.url).kysely;
  });

  afterAll(async () => {
    await pg?.destroy();
    await source?.close();
    await target?.drop();
  });

  it('copies every row of every table, the whole history and undo data included', async () => {
    const before = await dumpAll(source.kysely, TABLES);
    expect(before.offering_history).toHaveLength(5);
    expect(before.offering_before.length).toBeGreaterThan(0);
    expect(before.import_run.map((r: any) => r.status)).toEqual(['committed', 'committed', 'undone']);
    expect(await dumpAll(pg, TABLES)).toEqual(before);
  });

  it('gives the same catalogue lists, facets and coverage figures on both backends', async () => {
    const filters = { ...NO_FILTERS, status: 'current' as const };
    expect(await countOfferings(pg, filters, NO_SEARCH)).toBe(await countOfferings(source.kysely, filters, NO_SEARCH));
    for (const key of ['name', 'code', 'agency', 'level'] as const) {
      const sort = { key, descending: key === 'level' };
      expect(await listOfferings(pg, filters, NO_SEARCH, sort, 3, 1)).toEqual(await listOfferings(source.kysely, filters, NO_SEARCH, sort, 3, 1));
    }
    for (const dimension of ['agency', 'field', 'tier', 'level', 'portal'] as const) {
      expect(await facetCounts(pg, dimension, filters, NO_SEARCH)).toEqual(await facetCounts(source.kysely, dimension, filters, NO_SEARCH));
    }
    const clock = fixedClock('2026-11-20T03:00:00Z');
    const onSqlite = createCoverageService(source.kysely, clock);
    const onPostgres = createCoverageService(pg, clock);
    const dashboard = { scope: { tiers: [], fields: [] }, sort: 'level4Pct', direction: 'desc' } as any;
    expect(await onPostgres.dashboard({ ...dashboard, at: null })).toEqual(await onSqlite.dashboard({ ...dashboard, at: null }));
    expect(await onPostgres.dashboard({ ...dashboard, at: '2026-06-30' })).toEqual(await onSqlite.dashboard({ ...dashboard, at: '2026-06-30' }));
    const trend = { scope: { tiers: [], fields: [] }, period: 'quarter' as const };
    // Each point's row of every agency (a trend's earlier points shape a row when it is asked for).
    const readTrend = (t: Trend) => ({ ...t, points: t.points.map((p) => ({ ...p, byAgency: t.agencies.map((a) => p.byAgency.get(a.id) ?? null) })) });
    const trendOnSqlite = readTrend(await onSqlite.trend(trend));
    expect(trendOnSqlite.points.length).toBeGreaterThan(1);
    expect(trendOnSqlite.points[0].byAgency.filter((row) => row !== null).length).toBeGreaterThan(0);
    expect(readTrend(await onPostgres.trend(trend))).toEqual(trendOnSqlite);
    // The report's lists of changes read whole (a list is read a stretch at a time).
    const readWhole = async (report: QuarterReport) => ({ ...report, changes: { ...(await firstChanges(report.changes, Infinity)), added: report.changes.added } });
    const reportOnSqlite = await readWhole(await onSqlite.report({ year: 2026, q: 3 }));
    expect(reportOnSqlite.changes.reachedLevel4).toHaveLength(1);
    expect(await readWhole(await onPostgres.report({ year: 2026, q: 3 }))).toEqual(reportOnSqlite);
  });

  it('continues the ids after the copied ones', async () => {
    const { max } = await source.kysely.selectFrom('agency').select((eb) => eb.fn.max<number>('id').as('max')).executeTakeFirstOrThrow();
    const next = await pg
      .insertInto('agency')
      .values({ name: 'Sở Y tế', name_key: 'so y te', slug: 'so-y-te', code: null, created_at: '2026-11-01T00:00:00Z' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(next.id).toBe(Number(max) + 1);
    await pg.deleteFrom('agency').where('id', '=', next.id).execute();
  });

  it('refuses a target that already holds a catalogue, and changes nothing in it', async () => {
    const before = await dumpAll(pg, TABLES);
    const out = new Buffer();
    const err = new Buffer();
    expect(await runDbCopyCli([`sqlite:${sqliteFile}`, target.url], {}, out, err)).toBe(2);
    expect(err.text).toMatch(/^Không chép: cơ sở dữ liệu đích đã có dữ liệu \(.*agency: 4.*\)\. Hãy dùng một cơ sở dữ liệu trống\.\n$/);
    expect(await dumpAll(pg, TABLES)).toEqual(before);

    const en = new Buffer();
    expect(await runDbCopyCli([`sqlite:${sqliteFile}`, target.url, '--lang', 'en'], {}, new Buffer(), en)).toBe(2);
    expect(en.text).toMatch(/^Not copied: the target database already holds data/);
  });

  it('says which side is wrong when the URLs are swapped or malformed', async () => {
    const err = new Buffer();
    expect(await runDbCopyCli([target.url, `sqlite:${sqliteFile}`], {}, new Buffer(), err)).toBe(2);
    expect(err.text).toBe('Nguồn phải là một tệp SQLite (sqlite:đường/dẫn.db).\n');
    const usage = new Buffer();
    expect(await runDbCopyCli([`sqlite:${sqliteFile}`], {}, new Buffer(), usage)).toBe(2);
    expect(usage.text).toMatch(/^Cách dùng: npm run db:copy/);
  });
});
