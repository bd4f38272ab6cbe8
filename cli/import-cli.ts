/**
 * `npm run import -- <file> [options]`: imports a procedure list into the catalogue.
 * Exit status: 0 imported (or a clean dry run), 1 file refused (nothing written), 2 usage or I/O error.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Output } from './cli-output';
import { importLangFrom } from '../imports/messages';
import { isIsoDate } from '../domain/time';
import { ProgressLine } from './progress-line';

const USAGE = `Cách dùng: npm run import -- <tệp.csv | tệp.xlsx> [tuỳ chọn]

  --skip-invalid       nhập các dòng hợp lệ, báo cáo các dòng lỗi (mặc định: có lỗi thì không nhập gì)
  --withdraw-missing   đánh dấu "bãi bỏ" các thủ tục của những cơ quan có trong tệp mà tệp không còn liệt kê
  --as-of YYYY-MM-DD   ngày hiệu lực của các thay đổi (mặc định: hôm nay)
  --dry-run            chỉ kiểm tra và đếm, không ghi gì
  --errors-csv <tệp>   ghi toàn bộ lỗi và cảnh báo ra tệp CSV
  --sheet <tên>        trang tính (sheet) cần nhập của tệp .xlsx (mặc định: trang đầu tiên)
  --user <tên>         người thực hiện (mặc định: tên người dùng hệ điều hành)
  --json               in báo cáo dạng JSON
  --lang vi|en         ngôn ngữ của báo cáo và tệp lỗi (mặc định: theo biến LANG, không thì tiếng Việt)
  -h, --help           hiện hướng dẫn này

Cơ sở dữ liệu: biến môi trường DATABASE_URL (mặc định sqlite:data/catalogue.db).`;

export async function runCli(argv: string[], env: NodeJS.ProcessEnv, out: Output = process.stdout, err: Output = process.stderr): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'skip-invalid': { type: 'boolean' },
        'withdraw-missing': { type: 'boolean' },
        'as-of': { type: 'string' },
        'dry-run': { type: 'boolean' },
        'errors-csv': { type: 'string' },
        sheet: { type: 'string' },
        user: { type: 'string' },
        json: { type: 'boolean' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    err.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = args;
  const lang = importLangFrom(values.lang, env);
  if (lang === null) {
    err.write(`--lang "${values.lang}": dùng vi hoặc en (use vi or en).\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    out.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    err.write(`Cần đúng một tệp CSV hoặc .xlsx.\n\n${USAGE}\n`);
    return 2;
  }
  const file = positionals[0];
  if (values['as-of'] !== undefined && !isIsoDate(values['as-of'])) {
    err.write(`--as-of "${values['as-of']}" không phải ngày hợp lệ dạng YYYY-MM-DD.\n`);
    return 2;
  }
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new Error('không phải tệp');
    fs.accessSync(file, fs.constants.R_OK);
  } catch (error) {
    err.write(`Không đọc được tệp "${file}": ${(error as Error).message}\n`);
    return 2;
  }

  // The database and the importer are loaded only now, so that --help and a usage error answer without
  // loading Kysely and SQLite first.
  const [{ openCliDatabase }, { formatReport, openProblemsCsv }, { importFile }] = await Promise.all([
    import('./cli-database'),
    import('../imports/report-format'),
    import('../imports/run-import'),
  ]);
  const db = await openCliDatabase(env, err);
  if (!db) return 2;
  const problemsCsv = values['errors-csv'] ? openProblemsCsv(values['errors-csv'], lang) : null;
  // A live line only in a terminal (IMPORT_PROGRESS=1 asks for it anyway, =0 never): piped, the report's
  // last line says the time and the rows a second once.
  const forced = env.IMPORT_PROGRESS === '1' ? true : env.IMPORT_PROGRESS === '0' ? false : null;
  const showProgress = !values.json && (forced ?? err.isTTY === true);
  const line = showProgress ? new ProgressLine(err, lang) : null;
  try {
    const report = await importFile(db, file, {
      skipInvalid: values['skip-invalid'],
      withdrawMissing: values['withdraw-missing'],
      asOf: values['as-of'],
      dryRun: values['dry-run'],
      sheet: values.sheet,
      runBy: values.user ?? `cli:${os.userInfo().username}`,
      onProblem: problemsCsv ? (p, severity) => problemsCsv.write(p, severity) : undefined,
      onProgress: line ? (read, total, rows) => line.update(read, total, rows) : undefined,
    });
    line?.clear();
    await problemsCsv?.close();
    out.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report, 20, lang)}\n`);
    if (problemsCsv && !values.json) out.write(`${lang === 'en' ? 'Every error and warning' : 'Toàn bộ lỗi và cảnh báo'}: ${values['errors-csv']}\n`);
    return report.status === 'refused' ? 1 : 0;
  } catch (error) {
    await problemsCsv?.close().catch(() => undefined);
    err.write(`Lỗi khi nhập: ${(error as Error).message}\n`);
    return 2;
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  // Batch work beside a web server on the same machine: give the processors to the server's requests first
  // (nice +10), so that sign-ins and pages stay quick while a large file is imported.
  try {
    os.setPriority(Math.min(19, os.getPriority() + 10));
  } catch {
    // Not permitted here: import at the normal priority.
  }
  runCli(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}
