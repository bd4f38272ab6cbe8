/**
 * `npm run target -- list | set <year> <percent> [--note "..."]`: the level-4 targets per year, until an
 * administration page with accounts exists. Exit status: 0 done, 2 usage, invalid input or database error.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { openCliDatabase } from './cli-database';
import type { Output } from './cli-output';
import { systemClock, type Clock } from '../domain/time';
import { formatDate } from '../server/format';
import type { TargetBasis } from '../db/schema';
import { getTargets, MAX_NOTE_CHARS, MAX_TARGET_YEAR, MIN_TARGET_YEAR, setTarget, validateTargetInput, type TargetInputProblem } from '../server/services/target-service';

const USAGE = `Cách dùng: npm run target -- <lệnh>

  list                                 liệt kê chỉ tiêu tỷ lệ mức độ 4 theo năm
  set <năm> <tỷ lệ %> [--note "..."]   đặt chỉ tiêu của một năm, ví dụ:
                                       npm run target -- set 2020 30 --note "Nghị quyết 17/NQ-CP"
                                       npm run target -- set 2021 100 --basis eligible
  --basis all|eligible                 tỷ lệ tính trên: all = tổng số thủ tục (mặc định, như chỉ tiêu
                                       đến năm 2020); eligible = số thủ tục đủ điều kiện (từ năm 2021).
                                       Không ghi thì giữ cách tính đã đặt cho năm đó.
  --note "..."                         căn cứ, ghi chú (bỏ trống "" để xoá; không ghi thì giữ ghi chú cũ)
  --user <tên>                         người thực hiện (mặc định: tên người dùng hệ điều hành)
  -h, --help                           hiện hướng dẫn này

Chỉ tiêu áp dụng cho một ngày là chỉ tiêu của năm đó; năm chưa đặt thì dùng chỉ tiêu của năm gần nhất trước đó.
Cơ sở dữ liệu: biến môi trường DATABASE_URL (mặc định sqlite:data/catalogue.db).`;

const PROBLEMS: Record<TargetInputProblem, string> = {
  year: `Năm phải là số có 4 chữ số, từ ${MIN_TARGET_YEAR} đến ${MAX_TARGET_YEAR}.`,
  percent: 'Tỷ lệ phải là một số từ 0 đến 100, ví dụ 30 hoặc 27,5.',
  decimals: 'Tỷ lệ chỉ được có tối đa 2 chữ số thập phân.',
  'note-too-long': `Ghi chú dài quá ${MAX_NOTE_CHARS} ký tự.`,
  basis: 'Cách tính (--basis) phải là all (tổng số thủ tục) hoặc eligible (số thủ tục đủ điều kiện).',
};

const percentFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

const BASIS_TEXT: Record<TargetBasis, string> = { all: 'thủ tục', eligible: 'thủ tục đủ điều kiện' };

export async function runTargetCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: Output = process.stdout,
  err: Output = process.stderr,
  clock: Clock = systemClock,
): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { note: { type: 'string' }, basis: { type: 'string' }, user: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    err.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    out.write(`${USAGE}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  let input: { year: number; level4Pct: number; basis: TargetBasis | undefined; note: string | undefined } | null = null;
  if (command === 'list' && rest.length === 0 && values.note === undefined && values.basis === undefined) {
    // valid
  } else if (command === 'set' && rest.length === 2) {
    const checked = validateTargetInput({ year: rest[0], percent: rest[1], basis: values.basis, note: values.note });
    if ('problems' in checked) {
      err.write(`${checked.problems.map((p) => PROBLEMS[p]).join('\n')}\n`);
      return 2;
    }
    input = checked;
  } else {
    const why = command === undefined ? 'Thiếu lệnh.' : command === 'set' ? 'Lệnh set cần năm và tỷ lệ.' : `Không hiểu lệnh "${[command, ...rest].join(' ')}".`;
    err.write(`${why}\n\n${USAGE}\n`);
    return 2;
  }

  const db = await openCliDatabase(env, err);
  if (!db) return 2;
  try {
    const by = values.user ?? `cli:${os.userInfo().username}`;
    const outcome = input ? await setTarget(db.kysely, input, by, clock.now()) : null;
    const targets = await getTargets(db.kysely);
    const saved = input && targets.find((t) => t.year === input!.year);
    if (outcome && saved) {
      out.write(
        `${outcome === 'inserted' ? 'Đã thêm' : 'Đã cập nhật'} chỉ tiêu năm ${saved.year}: ${percentFormat.format(saved.level4Pct)}% ${BASIS_TEXT[saved.basis]} ở mức độ 4.\n`,
      );
    }
    if (targets.length === 0) {
      out.write('Chưa có chỉ tiêu nào.\n');
    } else {
      out.write('Năm   Chỉ tiêu mức độ 4   Tính trên      Cập nhật                Căn cứ, ghi chú\n');
      for (const t of targets) {
        const updated = `${formatDate(t.updatedAt)} (${t.updatedBy})`;
        const basis = t.basis === 'eligible' ? 'đủ điều kiện' : 'tổng số';
        out.write(`${String(t.year).padEnd(6)}${`${percentFormat.format(t.level4Pct)}%`.padEnd(20)}${basis.padEnd(15)}${updated.padEnd(24)}${t.note ?? ''}\n`);
      }
    }
    return 0;
  } catch (error) {
    err.write(`Lỗi cơ sở dữ liệu: ${(error as Error).message}\n`);
    return 2;
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  runTargetCli(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}
