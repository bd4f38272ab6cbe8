/**
 * Reading and validating in a worker thread changes nothing but speed: the same file gives the same report,
 * the same callbacks in the same order and the same database, whichever thread reads it. And the thread is
 * always gone when the import is over.
 */
import fs from 'node:fs';
import fc from 'fast-check';
import type { CatalogueDb } from '../../db/connection';
import { inspectFile } from '../../imports/detect';
import { CsvSyntaxError } from '../../imports/read';
import { workerBatches } from '../../imports/row-thread';
import { importFile, WORKER_MIN_BYTES, type ImportOptions, type ImportReport } from '../../imports/run-import';
import { csv, dumpCatalogue, fixedClock, HEADER, openTestDb, writeCsv } from '../helpers';

const clock = fixedClock();

/** Live worker threads show as MessagePort handles. */
function messagePorts(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;
}

const SEED = [
  HEADER,
  ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', 'Mức độ 4', 'Hộ tịch', 'Cấp tỉnh', 'Có', 'Còn hiệu lực'],
  ['2.000908', 'Cấp giấy phép xây dựng', 'Sở Xây dựng', '2', 'Hoạt động xây dựng', 'Cấp tỉnh', '', ''],
  ['1.004194', 'Đăng ký tạm trú', 'Công an tỉnh Quảng Ngãi', 'Toàn trình', 'Cư trú', 'Cấp tỉnh, Cấp xã', 'x', ''],
];

let seedFile: string | null = null;

interface Outcome {
  report: Omit<ImportReport, 'durationMs'>;
  calls: unknown[];
  lastProgress: [number, number] | null;
  database: Record<string, unknown[]>;
}

/** One import on a fresh (seeded) database, with everything it reports and leaves behind. */
async function importOnce(file: string, worker: boolean, options: ImportOptions = {}, seeded = true): Promise<Outcome> {
  const db = await openTestDb();
  try {
    seedFile ??= writeCsv(csv(SEED));
    if (seeded) await importFile(db, seedFile, { asOf: '2020-01-01', worker: false }, clock);
    const calls: unknown[] = [];
    let lastProgress: [number, number] | null = null;
    const { durationMs: _ms, ...report } = await importFile(
      db,
      file,
      {
        ...options,
        worker,
        onProblem: (p, severity) => calls.push(['problem', severity, p]),
        onChange: (c) => calls.push(['change', c]),
        onProgress: (read, total) => (lastProgress = [read, total]),
      },
      clock,
    );
    return { report, calls, lastProgress, database: await comparable(db) };
  } finally {
    await db.close();
  }
}

/** The database's content, without the import's duration (the one thing that differs run to run). */
async function comparable(db: CatalogueDb): Promise<Record<string, unknown[]>> {
  const dump = await dumpCatalogue(db);
  dump.import_run = dump.import_run.map((run) => ({ ...(run as object), duration_ms: null }));
  return dump;
}

async function bothWays(file: string, options: ImportOptions = {}, seeded = true): Promise<{ inline: Outcome; worker: Outcome }> {
  const inline = await importOnce(file, false, options, seeded);
  const worker = await importOnce(file, true, options, seeded);
  return { inline, worker };
}

const ROWS = [
  ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', 'Mức độ 3', 'Hộ tịch', 'Cấp tỉnh', 'Không', ''],
  ['1.001612', 'Đăng ký khai sinh', 'UBND huyện Bình Sơn', '4', 'Hộ tịch', '', 'Có', ''],
  ['1.000894', 'Đăng ký kết hôn\nvà ghi chú', 'UBND xã Bình Châu', 'Một phần', 'Hộ tịch', 'Cấp xã', 'x', 'Còn hiệu lực'],
  ['T-BPC-280421', 'Thủ tục mã cũ', 'Sở Tư pháp', '2', '', 'Cấp tỉnh', '', 'Bãi bỏ'],
];
const BAD_ROWS = [...ROWS, ['', 'Thiếu mã', 'Sở Tư pháp', 'mức 9', '', 'Cấp thôn', 'có lẽ', 'tạm dừng'], ['1.001612', 'Trùng', 'SỞ TƯ PHÁP', '4', '', '', '', '']];

const rows = (count: number): string[][] =>
  Array.from({ length: count }, (_, i) => [`1.${String(100000 + i)}`, `Thủ tục số ${i}`, `UBND xã số ${i % 40}`, String((i % 4) + 1), 'Hộ tịch', 'Cấp xã', 'Có', '']);

describe('the worker thread and this thread give the same import', () => {
  it.each<[string, () => string, ImportOptions]>([
    ['a valid file, withdrawing what it no longer lists', () => writeCsv(csv([HEADER, ...ROWS])), { withdrawMissing: true }],
    ['a dry run', () => writeCsv(csv([HEADER, ...ROWS])), { dryRun: true }],
    ['invalid rows: refused', () => writeCsv(csv([HEADER, ...BAD_ROWS])), {}],
    ['invalid rows: skipped', () => writeCsv(csv([HEADER, ...BAD_ROWS])), { skipInvalid: true }],
    ['Windows-1258, semicolons', () => writeCsv(csv([HEADER, ...ROWS], ';'), 'windows-1258'), {}],
    ['UTF-16 LE, tabs', () => writeCsv(csv([HEADER, ...ROWS], '\t'), 'utf-16le'), {}],
    ['UTF-16 BE', () => writeCsv(csv([HEADER, ...ROWS]), 'utf-16be'), {}],
    ['UTF-8 with BOM, LF, blank lines', () => writeCsv(`\n\n${csv([HEADER, ...ROWS], ',', '\n')}\n,,,\n`, 'utf-8-bom'), {}],
    ['a missing required column', () => writeCsv(csv([HEADER.slice(1), ...ROWS.map((r) => r.slice(1))])), {}],
    ['a duplicate column', () => writeCsv(csv([[...HEADER, 'Mã TTHC'], ...ROWS.map((r) => [...r, r[0]])])), {}],
    ['an unclosed quote after valid rows', () => writeCsv(`${csv([HEADER, ...ROWS])}1.001193,"Đăng ký,Sở Tư pháp,4\r\n`), { skipInvalid: true }],
    ['an empty file', () => writeCsv(''), {}],
    ['a header only', () => writeCsv(csv([HEADER])), {}],
  ])('%s', async (_name, file, options) => {
    const { inline, worker } = await bothWays(file(), options);
    expect(worker).toEqual(inline);
  });

  it('holds for generated files (property)', async () => {
    const cell = fc.constantFrom('1.001612', '2.000908', 'Sở Tư pháp', 'UBND xã Bình Châu', '4', 'Mức độ 3', 'Có', '', 'x', 'Bãi bỏ', 'a "b"', 'c,d', 'e\nf', 'mức 9');
    const file = fc.record({
      rows: fc.array(fc.array(cell, { minLength: 7, maxLength: 9 }), { maxLength: 10 }),
      header: fc.constantFrom(HEADER, HEADER.slice(1), [...HEADER, 'Ghi chú']),
      encoding: fc.constantFrom('utf-8' as const, 'windows-1258' as const, 'utf-16le' as const),
      tail: fc.constantFrom('', '"unclosed,', '\r\n\r\n'),
    });
    await fc.assert(
      fc.asyncProperty(file, fc.boolean(), async ({ rows, header, encoding, tail }, skipInvalid) => {
        const path = writeCsv(csv([header, ...rows]) + tail, encoding);
        const { inline, worker } = await bothWays(path, { skipInvalid }, false);
        expect(worker).toEqual(inline);
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});

describe('a large file', () => {
  it('is read in a worker by default, and a syntax error deep in it is reported at its line', async () => {
    const text = `${csv([HEADER, ...rows(40_000)])}1.999999,"Không đóng,UBND xã số 1,4,,,,\r\n${csv(rows(10))}`;
    const file = writeCsv(text);
    expect(fs.statSync(file).size).toBeGreaterThanOrEqual(WORKER_MIN_BYTES);
    const before = messagePorts();
    let during = 0;
    const db = await openTestDb();
    try {
      const report = await importFile(db, file, { onProgress: () => (during = Math.max(during, messagePorts())) }, clock);
      expect(during).toBeGreaterThan(before);
      expect(report.status).toBe('refused');
      expect(report.fileError).toEqual(expect.objectContaining({ line: 40_002, message: 'Dòng này mở đầu một ô trong dấu ngoặc kép (") không được đóng đến hết tệp.' }));
      expect(report.counts.rowsRead).toBe(40_000);
      expect(await db.kysely.selectFrom('offering').select('id').execute()).toEqual([]);
      expect(messagePorts()).toBe(before);

      const inline = await importFile(db, file, { worker: false }, clock);
      expect({ ...inline, durationMs: 0 }).toEqual({ ...report, durationMs: 0 });
    } finally {
      await db.close();
    }
  }, 60_000);

  it('is read no further ahead of the writer than a few batches, and stops when the writer does', async () => {
    const file = writeCsv(csv([HEADER, ...rows(120_000)]));
    const before = messagePorts();
    const batches = workerBatches(file, await inspectFile(file));
    try {
      await batches.next();
      // A writer this slow would let an unbounded reader post the whole file (about 30 batches) meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      // Count the batches already waiting: those taken before the event loop turns again. Taking one returns a
      // credit, and the batch the worker posts for it can arrive in the same turn (a message is handled before
      // setImmediate's callback): up to 3 waiting plus a few such, never the ~30 an unbounded reader would send.
      let turned = false;
      setImmediate(() => (turned = true));
      let waiting = 0;
      while (!turned && !(await batches.next()).done) waiting++;
      expect(waiting).toBeGreaterThan(0);
      expect(waiting).toBeLessThanOrEqual(8);
    } finally {
      await batches.return(undefined);
    }
    expect(messagePorts()).toBe(before);
  }, 60_000);
});

describe('the worker thread', () => {
  let db: CatalogueDb;
  beforeEach(async () => {
    db = await openTestDb();
  });
  afterEach(async () => {
    await db.close();
  });

  it('is not started for a small file', async () => {
    const before = messagePorts();
    let during = before;
    await importFile(db, writeCsv(csv([HEADER, ...ROWS])), { onProgress: () => (during = messagePorts()) }, clock);
    expect(during).toBe(before);
  });

  it('is gone after an import, a refusal and a syntax error', async () => {
    const before = messagePorts();
    for (const text of [csv([HEADER, ...ROWS]), csv([HEADER.slice(1)]), `${csv([HEADER])}"x,y\r\n`]) {
      await importFile(db, writeCsv(text), { worker: true }, clock);
      expect(messagePorts()).toBe(before);
    }
  });

  it('is gone when a callback throws halfway through a file, and the error reaches the caller', async () => {
    const before = messagePorts();
    let changes = 0;
    const failing = importFile(
      db,
      writeCsv(csv([HEADER, ...rows(50_000)])),
      {
        worker: true,
        onChange: () => {
          if (++changes === 10_000) throw new Error('the preview file is full');
        },
      },
      clock,
    );
    await expect(failing).rejects.toThrow('the preview file is full');
    expect(messagePorts()).toBe(before);
    expect(db.inTransaction()).toBe(false);
  });

  it('rebuilds a syntax error as a CsvSyntaxError with its line', async () => {
    const file = writeCsv(`${csv([HEADER, ...ROWS])}x,"y\r\n`);
    const read = async (): Promise<void> => {
      for await (const batch of workerBatches(file, await inspectFile(file))) void batch;
    };
    const error = await read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect(error).toMatchObject({ line: 7 });
  });

  it('fails with a clear error when it cannot read the file', async () => {
    const file = writeCsv(csv([HEADER, ...ROWS]));
    const inspection = await inspectFile(file);
    fs.rmSync(file);
    const before = messagePorts();
    const read = async (): Promise<void> => {
      for await (const batch of workerBatches(file, inspection)) void batch;
    };
    await expect(read()).rejects.toThrow(/Luồng đọc tệp gặp lỗi: ENOENT/);
    expect(messagePorts()).toBe(before);
  });
});
