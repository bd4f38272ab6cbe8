/**
 * `npm run db:copy -- sqlite:data/catalogue.db postgres://user@host/db`: moves a whole catalogue from the
 * embedded SQLite file to a PostgreSQL database (db/copy.ts). Both are brought to the latest schema first.
 * Exit status: 0 copied, 2 usage error, refused (a target that already holds a catalogue) or database error.
 */
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { openDatabase, parseDatabaseUrl } from '../db/connection';
import { copyCatalogue, CopyRefusedError } from '../db/copy';
import { migrateToLatest } from '../db/migrate';
import { openPostgresKysely } from '../db/postgres';
import type { Output } from './cli-output';

type Lang = 'vi' | 'en';

const USAGE: Record<Lang, string> = {
  vi: `Cách dùng: npm run db:copy -- <nguồn sqlite:…> <đích postgres://…> [--lang vi|en]

Chép toàn bộ danh mục (thủ tục, cơ quan, lịch sử, các lần nhập và dữ liệu để hoàn tác, chỉ tiêu, tài khoản,
phiên đăng nhập, tệp tải lên) từ tệp SQLite sang một cơ sở dữ liệu PostgreSQL trống, trong một giao dịch, rồi
đối chiếu số dòng từng bảng. Cơ sở dữ liệu đích đã có danh mục thì không chép gì.
Ví dụ: npm run db:copy -- sqlite:data/catalogue.db postgres://dvc@localhost/dvc`,
  en: `Usage: npm run db:copy -- <source sqlite:…> <target postgres://…> [--lang vi|en]

Copies the whole catalogue (procedures, agencies, history, imports with what undo needs, targets, accounts,
sessions, uploads) from a SQLite file to an empty PostgreSQL database, in one transaction, then checks every
table's row count. A target that already holds a catalogue is left untouched.
Example: npm run db:copy -- sqlite:data/catalogue.db postgres://dvc@localhost/dvc`,
};

const TEXT = {
  vi: {
    source: 'Nguồn phải là một tệp SQLite (sqlite:đường/dẫn.db).',
    target: 'Đích phải là một cơ sở dữ liệu PostgreSQL (postgres://…).',
    table: (table: string, rows: number) => `  ${table}: ${rows.toLocaleString('vi-VN')} dòng`,
    done: (tables: number, rows: number, s: string) => `Đã chép ${tables} bảng, ${rows.toLocaleString('vi-VN')} dòng, trong ${s} giây; số dòng từng bảng khớp với nguồn.`,
    notEmpty: (tables: string) => `Không chép: cơ sở dữ liệu đích đã có dữ liệu (${tables}). Hãy dùng một cơ sở dữ liệu trống.`,
    schema: 'Không chép: hai cơ sở dữ liệu không cùng phiên bản lược đồ.',
    count: (table: string, source: number, target: number) => `Không chép: bảng ${table} có ${source} dòng ở nguồn nhưng ${target} dòng ở đích; không có gì được ghi.`,
    failed: (message: string) => `Không chép được: ${message}. Cơ sở dữ liệu đích không thay đổi.`,
  },
  en: {
    source: 'The source must be a SQLite file (sqlite:path/to/file.db).',
    target: 'The target must be a PostgreSQL database (postgres://…).',
    table: (table: string, rows: number) => `  ${table}: ${rows.toLocaleString('en-GB')} rows`,
    done: (tables: number, rows: number, s: string) => `Copied ${tables} tables, ${rows.toLocaleString('en-GB')} rows, in ${s} s; every table's row count matches the source.`,
    notEmpty: (tables: string) => `Not copied: the target database already holds data (${tables}). Use an empty database.`,
    schema: 'Not copied: the two databases are not at the same schema version.',
    count: (table: string, source: number, target: number) => `Not copied: table ${table} has ${source} rows in the source but ${target} in the target; nothing was written.`,
    failed: (message: string) => `Could not copy: ${message}. The target database is unchanged.`,
  },
};

export async function runDbCopyCli(args: string[], env: NodeJS.ProcessEnv, out: Output, err: Output): Promise<number> {
  let values: { lang?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args, allowPositionals: true, options: { lang: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    err.write(`${(error as Error).message}\n\n${USAGE.vi}\n`);
    return 2;
  }
  const lang: Lang = values.lang === 'en' || (values.lang === undefined && /^en/i.test(env.LANG ?? '')) ? 'en' : 'vi';
  const t = TEXT[lang];
  if (values.help) {
    out.write(`${USAGE[lang]}\n`);
    return 0;
  }
  if (positionals.length !== 2) {
    err.write(`${USAGE[lang]}\n`);
    return 2;
  }
  const [sourceUrl, targetUrl] = positionals as [string, string];
  let sourceKind: string;
  let targetKind: string;
  try {
    sourceKind = parseDatabaseUrl(sourceUrl).kind;
    targetKind = parseDatabaseUrl(targetUrl).kind;
  } catch (error) {
    err.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (sourceKind !== 'sqlite') {
    err.write(`${t.source}\n`);
    return 2;
  }
  if (targetKind !== 'postgres') {
    err.write(`${t.target}\n`);
    return 2;
  }

  const source = openDatabase(sourceUrl);
  let target: Kysely<any> | null = null;
  try {
    target = openPostgresKysely(targetUrl, { poolSize: 2 }).kysely;
    await migrateToLatest(source.kysely);
    await migrateToLatest(target);
    const report = await copyCatalogue(source.kysely, target, { onTable: (table, rows) => out.write(`${t.table(table, rows)}\n`) });
    const rows = report.tables.reduce((sum, table) => sum + table.rows, 0);
    out.write(`${t.done(report.tables.length, rows, (report.durationMs / 1000).toFixed(1))}\n`);
    return 0;
  } catch (error) {
    if (error instanceof CopyRefusedError) {
      const d = error.detail as Record<string, any>;
      if (error.reason === 'target-not-empty') err.write(`${t.notEmpty((d.tables as { table: string; rows: number }[]).map((x) => `${x.table}: ${x.rows}`).join(', ') || 'catalogue_state')}\n`);
      else if (error.reason === 'schema-differs') err.write(`${t.schema}\n`);
      else err.write(`${t.count(d.table, d.source, d.target)}\n`);
    } else err.write(`${t.failed((error as Error).message)}\n`);
    return 2;
  } finally {
    await source.close();
    await target?.destroy();
  }
}

if (require.main === module) {
  runDbCopyCli(process.argv.slice(2), process.env, process.stdout, process.stderr).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
