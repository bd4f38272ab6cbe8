/**
 * Crash safety: an import process killed with SIGKILL in the middle of its commit leaves a database that
 * passes PRAGMA integrity_check and holds either the whole import or none of it.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { csv, HEADER, tempDir } from '../helpers';

const ROOT = path.resolve(__dirname, '../..');
const ROWS = 60_000;

function cli(args: string[], dbFile: string) {
  return spawn(process.execPath, ['-r', './test/support/register-ts.js', 'cli/import-cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `sqlite:${dbFile}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function bigFile(): string {
  const file = path.join(tempDir(), `big-${ROWS}.csv`);
  if (!fs.existsSync(file)) {
    const rows = Array.from({ length: ROWS }, (_, i) => [
      `1.${String(100000 + (i % 50000)).padStart(6, '0')}`,
      `Thủ tục số ${i}`,
      `UBND xã số ${Math.floor(i / 50000)}`,
      String((i % 4) + 1),
      'Hộ tịch',
      'Cấp xã',
      i % 3 ? 'Có' : 'Không',
      '',
    ]);
    fs.writeFileSync(file, csv([HEADER, ...rows]));
  }
  return file;
}

function inspect(dbFile: string): { integrity: string; offerings: number; imports: number } {
  const db = new BetterSqlite3(dbFile);
  try {
    const integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? '';
    const offerings = (db.prepare('select count(*) as n from offering').get() as { n: number }).n;
    const imports = (db.prepare('select count(*) as n from import_run').get() as { n: number }).n;
    return { integrity, offerings, imports };
  } finally {
    db.close();
  }
}

function seededDb(): string {
  const dbFile = path.join(tempDir(), `crash-${Date.now()}-${Math.random().toString(36).slice(2)}.db`);
  const seed = path.join(tempDir(), 'crash-seed.csv');
  fs.writeFileSync(seed, csv([HEADER, ['2.000001', 'Thủ tục có sẵn', 'Sở Tư pháp', '4', '', '', '', '']]));
  const run = spawnSync(process.execPath, ['-r', './test/support/register-ts.js', 'cli/import-cli.ts', seed], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `sqlite:${dbFile}` },
  });
  expect(run.status).toBe(0);
  return dbFile;
}

/** Kills the import once its transaction has written `walBytes` to the write-ahead log. */
async function killMidImport(dbFile: string, walBytes: number): Promise<{ killed: boolean }> {
  const child = cli([bigFile()], dbFile);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let killed = false;
  const deadline = Date.now() + 120_000;
  while (child.exitCode === null && Date.now() < deadline) {
    const size = fs.existsSync(`${dbFile}-wal`) ? fs.statSync(`${dbFile}-wal`).size : 0;
    if (size >= walBytes) {
      killed = child.kill('SIGKILL');
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await exited;
  return { killed };
}

describe('an import killed in the middle', () => {
  it.each([256 * 1024, 2 * 1024 * 1024, 6 * 1024 * 1024])(
    'leaves an intact database holding none of the import when killed after %i bytes of log',
    async (walBytes) => {
      const dbFile = seededDb();
      const { killed } = await killMidImport(dbFile, walBytes);
      // The transaction spills pages to the log as it goes, so the kill lands inside it.
      expect(killed).toBe(true);
      expect(inspect(dbFile)).toEqual({ integrity: 'ok', offerings: 1, imports: 1 });
    },
    180_000,
  );

  it('holds the whole import when the process is not killed', async () => {
    const dbFile = seededDb();
    const child = cli([bigFile()], dbFile);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(inspect(dbFile)).toEqual({ integrity: 'ok', offerings: 1 + ROWS, imports: 2 });
  }, 180_000);
});
