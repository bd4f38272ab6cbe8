import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { readWorkbookBatches, type WorkbookSheets } from '../../imports/read-xlsx';
import { FileReadError } from '../../imports/read';
import { tempDir } from '../helpers';
import { writeWorkbook } from '../workbooks';

async function readSheet(file: string, sheet?: string): Promise<{ sheets: WorkbookSheets | null; rows: string[][]; lastBytes: number }> {
  let sheets: WorkbookSheets | null = null;
  let lastBytes = -1;
  const rows: string[][] = [];
  for await (const batch of readWorkbookBatches(file, sheet, (n) => (lastBytes = n), (s) => (sheets = s))) {
    for (const record of batch) rows.push(record.cells);
  }
  return { sheets, rows, lastBytes };
}

/**
 * The same workbook with its zip entries in another order, and its relationships naming the sheets by
 * absolute paths (as some writers do): the reader must not depend on either.
 */
async function repacked(file: string, order: (names: string[]) => string[]): Promise<string> {
  const source = await JSZip.loadAsync(fs.readFileSync(file));
  const names = Object.keys(source.files).filter((n) => !source.files[n]!.dir);
  const out = new JSZip();
  for (const name of order(names)) {
    let content = await source.file(name)!.async('nodebuffer');
    if (name === 'xl/_rels/workbook.xml.rels') content = Buffer.from(content.toString('utf8').replace(/Target="worksheets\//g, 'Target="/xl/worksheets/'));
    out.file(name, content);
  }
  const target = path.join(tempDir(), `repacked-${path.basename(file)}`);
  fs.writeFileSync(target, await out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return target;
}

describe('readWorkbookBatches', () => {
  const sheets = [
    { name: 'Hướng dẫn', rows: [['Xem trang tính "Danh mục"']] },
    { name: 'Danh mục', rows: [['Mã thủ tục', 'Tên thủ tục'], ['1.001612', 'Đăng ký khai sinh'], ['2.000986', 'Cấp phiếu lý lịch tư pháp']] },
  ];

  it('knows every sheet by name on every read, whatever the order of the parts in the zip', async () => {
    // exceljs writes the sheet list (xl/workbook.xml) last; its single-pass reader could finish without it.
    const written = await writeWorkbook(sheets);
    const reversed = await repacked(written, (names) => [...names].reverse());
    const sheetsLast = await repacked(written, (names) => [...names.filter((n) => !n.includes('worksheets/')), ...names.filter((n) => n.includes('worksheets/'))]);
    for (const file of [written, reversed, sheetsLast]) {
      const reads = await Promise.all(Array.from({ length: 20 }, () => readSheet(file, 'danh mục')));
      for (const read of reads) {
        expect(read.sheets).toEqual({ sheet: 'Danh mục', sheets: ['Hướng dẫn', 'Danh mục'] });
        expect(read.rows).toEqual(sheets[1]!.rows);
        expect(read.lastBytes).toBe(fs.statSync(file).size);
      }
      expect((await readSheet(file)).sheets).toEqual({ sheet: 'Hướng dẫn', sheets: ['Hướng dẫn', 'Danh mục'] });
    }
  });

  it('refuses a sheet the workbook does not have, naming the ones it has', async () => {
    const file = await writeWorkbook(sheets);
    await expect(readSheet(file, 'Sheet9')).rejects.toMatchObject({ problem: { code: 'xlsx.no-such-sheet', params: { sheet: 'Sheet9', sheets: ['Hướng dẫn', 'Danh mục'] } } });
  });

  it('refuses a zip that is not a workbook, and a file that is not a zip, as unreadable', async () => {
    const zip = new JSZip();
    zip.file('word/document.xml', '<w:document/>');
    const notBook = path.join(tempDir(), 'not-a-book.xlsx');
    fs.writeFileSync(notBook, await zip.generateAsync({ type: 'nodebuffer' }));
    const notZip = path.join(tempDir(), 'not-a-zip.xlsx');
    fs.writeFileSync(notZip, 'Mã thủ tục,Tên thủ tục\n');
    for (const file of [notBook, notZip]) {
      const error = await readSheet(file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FileReadError);
      expect((error as FileReadError).problem.code).toBe('xlsx.unreadable');
    }
  });
});
