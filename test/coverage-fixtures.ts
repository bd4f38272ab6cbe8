/**
 * Fixtures for the coverage tests, built through the real importer.
 */
import type { CatalogueDb } from '../db/connection';
import { importFile } from '../imports/run-import';
import { csv, fixedClock, writeCsv } from './helpers';

export const clock = fixedClock('2026-11-22T03:00:00.000Z');

export const COVERAGE_HEADER = [
  'Mã thủ tục',
  'Tên thủ tục',
  'Cơ quan thực hiện',
  'Mức độ',
  'Lĩnh vực',
  'Cấp thực hiện',
  'Tích hợp Cổng DVCQG',
  'QĐ 411',
  'Đủ điều kiện',
  'Tình trạng',
];

type Row = [code: string, name: string, agency: string, level: string, field: string, tier: string, portal: string, qd411: string, eligible: string, status?: string];

const TP = 'Sở Tư pháp';
const BS = 'UBND huyện Bình Sơn';
const CA = 'Công an tỉnh Quảng Ngãi';

/**
 * Three agencies, 19 current offerings and one withdrawn:
 * - Sở Tư pháp: 10 current (levels 1,1,2,2,2,3,3,4,4,4): level 4 exactly 30%; 4 on the portal; 4 QĐ 411-listed, 3 of
 *   them integrated; 8 eligible, 3 of them at level 4. One more at level 4 is withdrawn (not counted).
 * - UBND huyện Bình Sơn: 6 (levels 1,2,2,3,3,4): level 4 is 1 of 6 (16,7%), one more needed for 30%; none
 *   QĐ 411-listed or eligible (zero denominators).
 * - Công an tỉnh: 3, all at level 4, integrated and eligible; 2 QĐ 411-listed.
 */
export const BASE_ROWS: Row[] = [
  ['1.000001', 'Đăng ký khai sinh', TP, 'Mức độ 4', 'Hộ tịch', 'Cấp tỉnh', 'Có', 'x', 'Có'],
  ['1.000002', 'Đăng ký kết hôn', TP, '4', 'Hộ tịch', 'Cấp tỉnh', 'Có', 'x', 'Có'],
  ['1.000003', 'Đăng ký khai tử', TP, 'Toàn trình', 'Hộ tịch', 'Cấp tỉnh', 'Không', '', 'Có'],
  ['1.000004', 'Cấp bản sao trích lục', TP, 'Mức độ 3', 'Hộ tịch', 'Cấp tỉnh', 'Có', 'x', 'Có'],
  ['1.000005', 'Đăng ký giám hộ', TP, 'Một phần', 'Hộ tịch', 'Cấp tỉnh', 'Có', '', 'Có'],
  ['1.000006', 'Chứng thực bản sao', TP, 'Mức độ 2', 'Chứng thực', 'Cấp tỉnh', '', 'x', 'Có'],
  ['1.000007', 'Chứng thực chữ ký', TP, '2', 'Chứng thực', 'Cấp tỉnh', '', '', 'Có'],
  ['1.000008', 'Chứng thực hợp đồng', TP, '2', 'Chứng thực', 'Cấp tỉnh', '', '', 'Có'],
  ['1.000009', 'Cấp phiếu lý lịch tư pháp', TP, '1', 'Lý lịch tư pháp', 'Cấp tỉnh', '', '', 'Không'],
  ['1.000010', 'Đăng ký hành nghề luật sư', TP, 'Mức độ 1', 'Luật sư', 'Cấp tỉnh', '', '', 'Không'],
  ['1.000011', 'Thủ tục đã bãi bỏ', TP, 'Mức độ 4', 'Hộ tịch', 'Cấp tỉnh', 'Có', 'x', 'Có', 'Bãi bỏ'],
  ['1.000001', 'Đăng ký khai sinh', BS, 'Mức độ 4', 'Hộ tịch', 'Cấp huyện', 'Có', '', 'Không'],
  ['1.000004', 'Cấp bản sao trích lục', BS, 'Mức độ 3', 'Hộ tịch', 'Cấp huyện', 'Không', '', ''],
  ['1.000005', 'Đăng ký giám hộ', BS, 'Mức độ 3', 'Hộ tịch', 'Cấp huyện', '', '', ''],
  ['1.000006', 'Chứng thực bản sao', BS, 'Mức độ 2', 'Chứng thực', 'Cấp huyện', '', '', ''],
  ['1.000007', 'Chứng thực chữ ký', BS, 'Mức độ 2', 'Chứng thực', 'Cấp huyện', '', '', ''],
  ['1.000009', 'Cấp phiếu lý lịch tư pháp', BS, 'Mức độ 1', 'Lý lịch tư pháp', 'Cấp huyện, Cấp xã', '', '', ''],
  ['1.004194', 'Đăng ký tạm trú', CA, 'Toàn trình', 'Cư trú', 'Cấp tỉnh', 'x', 'x', 'Có'],
  ['1.004195', 'Đăng ký thường trú', CA, '4', 'Cư trú', 'Cấp tỉnh', 'x', 'x', 'Có'],
  ['1.004196', 'Xác nhận thông tin cư trú', CA, 'Mức độ 4', 'Cư trú', 'Cấp tỉnh, Cấp xã', 'Có', '', 'Có'],
];

export function rowsCsv(rows: Row[]): string {
  return csv([COVERAGE_HEADER, ...rows.map((r) => [...(r.slice(0, 9) as string[]), r[9] ?? 'Còn hiệu lực'])]);
}

export async function load(db: CatalogueDb, rows: Row[], asOf: string, options: { withdrawMissing?: boolean; runBy?: string } = {}): Promise<void> {
  const report = await importFile(db, writeCsv(rowsCsv(rows)), { asOf, ...options }, clock);
  if (report.status !== 'imported') throw new Error(`fixture refused: ${JSON.stringify(report.errors)} ${report.fileError?.message}`);
}

/** The fixture changed: rows for codes given replaced, others kept. */
export function changed(rows: Row[], changes: Record<string, Partial<Record<'level' | 'portal' | 'status', string>>>, agency: string): Row[] {
  return rows.map((row) => {
    const change = changes[row[0]];
    if (!change || row[2] !== agency) return row;
    const next = [...row] as Row;
    if (change.level !== undefined) next[3] = change.level;
    if (change.portal !== undefined) next[6] = change.portal;
    if (change.status !== undefined) next[9] = change.status;
    return next;
  });
}

export const AGENCIES = { TP, BS, CA };

export const NEW_ROW = ['1.004197', 'Khai báo lưu trú', AGENCIES.CA, '3', 'Cư trú', 'Cấp tỉnh', 'Có', '', 'Có'] as const;

/**
 * Q1 (31/3): Sở Tư pháp and Bình Sơn. Q2 (30/6): Công an added, Bình Sơn's 1.000004 up to level 4. Q3: on 15/8 Sở Tư
 * pháp's 1.000006 goes from level 2 to level 4; on 30/9 its 1.000001 is withdrawn, Bình Sơn's 1.000004 is integrated on
 * the portal and Công an adds 1.004197. Every import is recorded on 22/11/2026 and dated by --as-of.
 */
export async function loadYear(db: CatalogueDb): Promise<void> {
  await load(db, BASE_ROWS.filter((r) => r[2] !== AGENCIES.CA), '2020-03-31');
  const q2 = changed(BASE_ROWS, { '1.000004': { level: 'Mức độ 4' } }, AGENCIES.BS);
  await load(db, q2, '2020-06-30');
  const august = changed(q2, { '1.000006': { level: '4' } }, AGENCIES.TP);
  await load(db, august, '2020-08-15');
  const september = changed(changed(august, { '1.000001': { status: 'Bãi bỏ' } }, AGENCIES.TP), { '1.000004': { portal: 'Có' } }, AGENCIES.BS);
  await load(db, [...september, [...NEW_ROW]], '2020-09-30');
}

/**
 * Leaves only 2020's target (30% of all procedures at level 4): the figures of these fixtures were written
 * against it. Migration 14 preloads the target in force from 2023 (100% of eligible, toàn trình), which the
 * targets-in-force tests check; this takes that preloaded row away again, never an administrator's.
 */
export async function only2020Target(db: CatalogueDb): Promise<void> {
  await db.kysely.deleteFrom('coverage_target').where('updated_by', '=', 'migration 2026-12-02-14').execute();
}
