import fs from 'node:fs';
import path from 'node:path';
import { importFile } from '../../imports/run-import';
import { ANCHOR_CODE, catalogueLines, writeCatalogueCsv } from '../bench/generate';
import { fixedClock, openTestDb, tempDir } from '../helpers';

const ROWS = 3_000;

function generate(name: string, seed: number, rows = ROWS): string {
  const file = path.join(tempDir(), name);
  writeCatalogueCsv(file, { rows, seed });
  return file;
}

describe('the benchmark catalogue generator', () => {
  it('writes the same bytes for the same seed and size, and other bytes for another seed', () => {
    const a = fs.readFileSync(generate('bench-a.csv', 7));
    const b = fs.readFileSync(generate('bench-b.csv', 7));
    const c = fs.readFileSync(generate('bench-c.csv', 8));
    expect(a.length).toBeGreaterThan(0);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  });

  it('writes exactly the rows asked for, after a header, as Excel does (BOM, CRLF)', () => {
    for (const rows of [1, 62, 63, 64, 1_000]) {
      const lines = [...catalogueLines({ rows, seed: 1 })];
      expect(lines).toHaveLength(rows + 1);
      expect(lines[0]!.startsWith('\ufeffMã thủ tục,Tên thủ tục,')).toBe(true);
      expect(lines.every((l) => l.endsWith('\r\n'))).toBe(true);
    }
  });

  it('mixes the spellings staff use for levels, flags and codes, and lists the procedures the routes open', () => {
    const text = [...catalogueLines({ rows: ROWS, seed: 411 })].join('');
    for (const spelling of [',Mức độ 4,', ',Toàn trình,', ',Một phần,', ',3,', ',Mức 2,', ',Có,', ',Đã tích hợp,', ',x,']) {
      expect(text).toContain(spelling);
    }
    expect(text).toMatch(/\n1\.\d{6}\.\d{3}\.\d{2}\.\d{2}\.H\d{2},/); // localized codes
    expect(text).toMatch(new RegExp(`\\n${ANCHOR_CODE.replace('.', '\\.')}[,.]`));
    expect(text).toMatch(/đăng ký khai sinh/i);
    // agencies per province: departments, districts and communes
    expect(text).toMatch(/,Sở Tư pháp (tỉnh|thành phố) [^,]+,/);
    expect(text).toMatch(/,"UBND (huyện|thị xã|thành phố|quận) [^,]+, tỉnh Quảng Ngãi",/);
    expect(text).toMatch(/,"UBND (xã|phường|thị trấn) [^,]+, (huyện|thị xã|thành phố|quận) [^,]+, tỉnh [^,]+",/);
  });

  it('produces a file the importer accepts with no errors and no warnings', async () => {
    const db = await openTestDb();
    try {
      const report = await importFile(db, generate('bench-import.csv', 411), { asOf: '2026-01-01' }, fixedClock());
      expect(report.fileError).toBeNull();
      expect(report.errorCount).toBe(0);
      expect(report.warningCount).toBe(0);
      expect(report.status).toBe('imported');
      expect(report.counts).toMatchObject({ rowsRead: ROWS, inserted: ROWS, rejected: 0 });
      const levels = await db.kysely.selectFrom('offering').select('level').distinct().orderBy('level').execute();
      expect(levels.map((l) => l.level)).toEqual([1, 2, 3, 4]);
    } finally {
      await db.close();
    }
  });
});
