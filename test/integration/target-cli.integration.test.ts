import path from 'node:path';
import { listAudit } from '../../db/account-repository';
import { openDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { listTargets } from '../../db/target-repository';
import { runTargetCli } from '../../cli/target-cli';
import { fixedClock, openTestDb, tempDir, buffer } from '../helpers';

let dbFile: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  dbFile = path.join(tempDir(), `target-${Date.now()}-${Math.random().toString(36).slice(2)}.db`);
  env = { DATABASE_URL: `sqlite:${dbFile}` };
});

async function run(...argv: string[]) {
  const out = buffer();
  const err = buffer();
  const code = await runTargetCli(argv, env, out, err, fixedClock('2026-11-22T03:00:00.000Z'));
  return { code, out: out.text, err: err.text };
}

/** The targets stored, without the one migration 14 preloads for 2023 (its own tests are above). */
async function stored() {
  const db = openDatabase(`sqlite:${dbFile}`);
  try {
    return (await listTargets(db.kysely)).filter((t) => t.updatedBy !== 'migration 2026-12-02-14');
  } finally {
    await db.close();
  }
}

describe('the coverage_target migration', () => {
  it('seeds the 2020 target of 30% at level 4 from Nghị quyết 17/NQ-CP', async () => {
    const db = await openTestDb();
    try {
      expect(await listTargets(db.kysely)).toEqual([
        expect.objectContaining({ year: 2020, level4Pct: 30, note: 'Nghị quyết 17/NQ-CP ngày 7/3/2019', updatedBy: 'migration' }),
        // Migration 14: the target in force from 2023.
        expect.objectContaining({ year: 2023, level4Pct: 100, basis: 'eligible', note: expect.stringContaining('Kế hoạch 96/KH-UBND ngày 28/4/2023'), updatedBy: 'migration 2026-12-02-14' }),
      ]);
    } finally {
      await db.close();
    }
  });

  it('is idempotent: migrating again changes nothing', async () => {
    const db = await openTestDb();
    try {
      await migrateToLatest(db.kysely);
      expect(await listTargets(db.kysely)).toHaveLength(2);
    } finally {
      await db.close();
    }
  });
});

describe('npm run target', () => {
  it('lists the targets in Vietnamese', async () => {
    const { code, out } = await run('list');
    expect(code).toBe(0);
    expect(out).toContain('Năm   Chỉ tiêu mức độ 4');
    expect(out).toMatch(/2020 {2}30% +tổng số +\d\d\/\d\d\/\d{4} \(migration\) +Nghị quyết 17\/NQ-CP ngày 7\/3\/2019/);
  });

  it('adds a year, with its note and who set it', async () => {
    const { code, out } = await run('set', '2021', '50,5', '--note', 'Kế hoạch 123/KH-UBND', '--user', 'lanhdao');
    expect(code).toBe(0);
    expect(out).toContain('Đã thêm chỉ tiêu năm 2021: 50,5% thủ tục ở mức độ 4.');
    expect(out).toContain('2021  50,5%');
    expect(await stored()).toEqual([
      expect.objectContaining({ year: 2020, level4Pct: 30 }),
      { year: 2021, level4Pct: 50.5, basis: 'all', note: 'Kế hoạch 123/KH-UBND', updatedAt: '2026-11-22T03:00:00.000Z', updatedBy: 'lanhdao' },
    ]);
    const db = openDatabase(`sqlite:${dbFile}`);
    try {
      const { entries } = await listAudit(db.kysely, 5, 0);
      expect(entries[0]).toMatchObject({ actor: 'lanhdao', action: 'target-set', detail: { year: 2021, level4Pct: 50.5, note: 'Kế hoạch 123/KH-UBND' } });
    } finally {
      await db.close();
    }
  });

  it('sets a target on the eligible basis, and keeps the basis when only the share changes', async () => {
    const { code, out } = await run('set', '2021', '100', '--basis', 'eligible', '--note', 'Nghị quyết 01/NQ-CP');
    expect(code).toBe(0);
    expect(out).toContain('Đã thêm chỉ tiêu năm 2021: 100% thủ tục đủ điều kiện ở mức độ 4.');
    expect(out).toMatch(/2021 {2}100% +đủ điều kiện +\d\d\/\d\d\/\d{4}/);
    expect((await run('set', '2021', '90')).out).toContain('Đã cập nhật chỉ tiêu năm 2021: 90% thủ tục đủ điều kiện ở mức độ 4.');
    expect(await stored()).toEqual([
      expect.objectContaining({ year: 2020, basis: 'all' }),
      expect.objectContaining({ year: 2021, level4Pct: 90, basis: 'eligible', note: 'Nghị quyết 01/NQ-CP' }),
    ]);
    expect((await run('set', '2021', '90', '--basis', 'all')).code).toBe(0);
    expect(await stored()).toEqual([expect.objectContaining({ year: 2020 }), expect.objectContaining({ year: 2021, basis: 'all' })]);
  });

  it('changes a year, keeping its note unless a new one is given', async () => {
    expect((await run('set', '2020', '35')).code).toBe(0);
    expect(await stored()).toEqual([expect.objectContaining({ year: 2020, level4Pct: 35, note: 'Nghị quyết 17/NQ-CP ngày 7/3/2019' })]);
    const { out } = await run('set', '2020', '30', '--note', '');
    expect(out).toContain('Đã cập nhật chỉ tiêu năm 2020: 30%');
    expect(await stored()).toEqual([expect.objectContaining({ year: 2020, level4Pct: 30, note: null })]);
  });

  it.each([
    [['set', '2021', '150'], 'Tỷ lệ phải là một số từ 0 đến 100'],
    [['set', '2021', '30.123'], 'tối đa 2 chữ số thập phân'],
    [['set', '21', '30'], 'Năm phải là số có 4 chữ số'],
    [['set', '2021', '100', '--basis', 'du-dieu-kien'], 'Cách tính (--basis) phải là all'],
    [['set', '2021'], 'Lệnh set cần năm và tỷ lệ'],
    [['set', '2021', '-5'], "Unknown option '-5'"],
    [['remove', '2021'], 'Không hiểu lệnh "remove 2021"'],
    [[], 'Thiếu lệnh'],
  ])('exits 2 with a message on %j, writing nothing', async (argv, message) => {
    const { code, err } = await run(...argv);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(await stored().catch(() => [])).not.toContainEqual(expect.objectContaining({ year: 2021 }));
  });

  it('exits 2 on a bad DATABASE_URL', async () => {
    env = { DATABASE_URL: 'mysql://x' };
    const { code, err } = await run('list');
    expect(code).toBe(2);
    expect(err).toContain('DATABASE_URL');
  });

  it('shows help with --help', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    expect(out).toContain('set <năm> <tỷ lệ %>');
  });
});
