/**
 * The importer against thousands of malformed files (fast-check): each is either imported completely or
 * refused with a message and the database unchanged — never an unhandled exception, never half an import.
 */
import fs from 'node:fs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import type { CatalogueDb } from '../../db/connection';
import { importFile, type ImportReport } from '../../imports/run-import';
import { csv, dumpCatalogue, fixedClock, HEADER, openTestDb, writeCsv } from '../helpers';

const clock = fixedClock();
let db: CatalogueDb;
let runs = 0;

/** A small catalogue to import into; renewed every 25 files so that comparing it stays cheap. */
async function freshDb(): Promise<void> {
  await db?.close();
  db = await openTestDb();
  await importFile(db, writeCsv(csv([HEADER, ['1.001193', 'Đăng ký khai sinh', 'Sở Tư pháp', '3', 'Hộ tịch', 'Cấp tỉnh', 'Có', '']])), {}, clock);
}

beforeAll(freshDb);
afterAll(async () => {
  await db.close();
});

const NAMES = ['Đăng ký khai sinh', 'Cấp giấy phép xây dựng', 'Đăng ký kết hôn', 'Thủ tục "có ngoặc"', 'Phí, lệ phí; có dấu', 'Dòng\nmới', ''];
const AGENCIES = ['Sở Tư pháp', 'UBND huyện Bình Sơn', 'UBND xã Bình Châu', 'SỞ TƯ PHÁP', ''];
const LEVELS = ['1', '2', '3', '4', 'Mức độ 4', 'Toàn trình', 'Một phần', 'mức 9', '', 'x'];
const FLAGS = ['Có', 'Không', 'x', '', 'có lẽ'];
const CODES = ['1.001193', '1.000894', '2.000908', '1.001193.000.00.53.H48', 'T-BPC-280421', '', '=cmd|calc'];

const row = fc.tuple(
  fc.constantFrom(...CODES),
  fc.constantFrom(...NAMES),
  fc.constantFrom(...AGENCIES),
  fc.constantFrom(...LEVELS),
  fc.constantFrom('Hộ tịch', '', 'Đất đai'),
  fc.constantFrom('Cấp tỉnh', 'Cấp huyện, Cấp xã', '', 'Cấp thôn'),
  fc.constantFrom(...FLAGS),
  fc.constantFrom('', 'Còn hiệu lực', 'Bãi bỏ', 'tạm dừng'),
);

/** A CSV built from plausible cells, in any of the layouts staff send. */
const plausibleFile = fc
  .record({
    rows: fc.array(row, { maxLength: 12 }),
    delimiter: fc.constantFrom(',', ';', '\t'),
    eol: fc.constantFrom('\r\n', '\n'),
    encoding: fc.constantFrom('utf-8', 'utf-8-bom', 'utf-16le', 'windows-1258'),
    header: fc.constantFrom(HEADER, [...HEADER, 'Mã thủ tục'], HEADER.slice(1), ['ma_tthc', 'ten_thu_tuc', 'co_quan', 'muc_do', 'linh_vuc', 'cap_thuc_hien', 'tich_hop_dvcqg', 'tinh_trang']),
  })
  .map(({ rows, delimiter, eol, encoding, header }) => ({ text: csv([header, ...rows.map((r) => [...r])], delimiter, eol), encoding }));

/** Damage to apply to a file's bytes. */
const damage = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('quote' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('huge' as const), at: fc.nat(), size: fc.constantFrom(1_500, 5_000, 60_000) }),
  fc.record({ kind: fc.constant('none' as const) }),
);

function encode(text: string, encoding: string): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  if (encoding === 'utf-8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  if (encoding === 'utf-16le') return iconv.encode(text, 'utf16le', { addBOM: true });
  return iconv.encode(text.normalize('NFC'), 'windows1258');
}

function applyDamage(bytes: Buffer, d: { kind: string; at?: number; bytes?: Uint8Array; size?: number }): Buffer {
  const at = bytes.length === 0 ? 0 : (d.at ?? 0) % (bytes.length + 1);
  switch (d.kind) {
    case 'truncate':
      return bytes.subarray(0, at);
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(d.bytes!), bytes.subarray(at)]);
    case 'quote':
      return Buffer.concat([bytes.subarray(0, at), Buffer.from('"'), bytes.subarray(at)]);
    case 'huge':
      return Buffer.concat([bytes.subarray(0, at), Buffer.alloc(d.size!, 'A'), bytes.subarray(at)]);
    default:
      return bytes;
  }
}

/** The property: complete import, or refusal with a reason and nothing written. */
async function importsWholeOrNothing(bytes: Buffer): Promise<void> {
  if (++runs % 25 === 0) await freshDb();
  const before = await dumpCatalogue(db);
  const file = writeCsv('');
  fs.writeFileSync(file, bytes);
  let report: ImportReport;
  try {
    report = await importFile(db, file, { skipInvalid: bytes.length % 2 === 0 }, clock);
  } catch (error) {
    throw new Error(`importFile threw instead of reporting: ${(error as Error).stack}`);
  }
  expect(db.inTransaction()).toBe(false);
  if (report.status === 'refused') {
    expect(report.fileError !== null || report.errorCount > 0).toBe(true);
    expect(await dumpCatalogue(db)).toEqual(before);
    return;
  }
  expect(report.status).toBe('imported');
  const c = report.counts;
  // Every row read was inserted, updated, left unchanged, withdrawn by its status, or rejected; a row whose
  // agency cell names several agencies (a ";" or a line break the damage put there) gives one offering each.
  const outcomes = c.inserted + c.updated + c.unchanged + c.withdrawn + c.rejected;
  if (report.multiAgencyRows === 0) expect(outcomes).toBe(c.rowsRead);
  else expect(outcomes).toBeGreaterThan(c.rowsRead);
  const run = await db.kysely.selectFrom('import_run').selectAll().where('id', '=', report.importId!).executeTakeFirstOrThrow();
  expect({ inserted: run.inserted, updated: run.updated, rejected: run.rejected }).toEqual({ inserted: c.inserted, updated: c.updated, rejected: c.rejected });
  const offerings = await db.kysely.selectFrom('offering').select('id').execute();
  expect(offerings.length).toBe((before.offering as unknown[]).length + c.inserted);
}

describe('the importer against malformed files', () => {
  it('imports completely or refuses cleanly: plausible files with damage', async () => {
    await fc.assert(
      fc.asyncProperty(plausibleFile, damage, async (file, d) => {
        await importsWholeOrNothing(applyDamage(encode(file.text, file.encoding), d));
      }),
      { numRuns: 1000 },
    );
  }, 180_000);

  it('imports completely or refuses cleanly: random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
        await importsWholeOrNothing(Buffer.from(bytes));
      }),
      { numRuns: 500 },
    );
  }, 120_000);

  it('imports completely or refuses cleanly: random text after a valid header', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300, unit: 'grapheme' }), async (text) => {
        await importsWholeOrNothing(Buffer.from(`${HEADER.join(',')}\r\n${text}`, 'utf8'));
      }),
      { numRuns: 500 },
    );
  }, 120_000);

  it.each([
    ['an empty file', ''],
    ['a header only', `${HEADER.join(',')}\r\n`],
    ['blank lines only', '\r\n\r\n\r\n'],
    ['duplicate headers', `Mã thủ tục,Mã TTHC,Tên thủ tục,Cơ quan thực hiện,Mức độ\r\n1.001193,1.001193,A,B,4\r\n`],
    ['a stray quote', `${HEADER.join(',')}\r\n1.001193,"Đăng ký,Sở Tư pháp,4,,,,\r\n`],
    ['ragged rows', `${HEADER.join(',')}\r\n1.001193\r\n1,2,3,4,5,6,7,8,9,10\r\n`],
    ['a value of over a million characters', `${HEADER.join(',')}\r\n1.001193,${'A'.repeat(1_100_000)},Sở Tư pháp,4,,,,\r\n`],
  ])('refuses %s with a message and writes nothing', async (_name, text) => {
    const before = await dumpCatalogue(db);
    const report = await importFile(db, writeCsv(text), {}, clock);
    expect(report.status).toBe('refused');
    expect(report.fileError?.message ?? report.errors[0]?.message).toEqual(expect.any(String));
    expect(await dumpCatalogue(db)).toEqual(before);
  });
});
