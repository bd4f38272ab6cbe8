/**
 * Workbooks the tests build with exceljs, laid out as clerks' files are: the National Portal's export (a
 * merged title row, its five headers, agencies one per line in a cell), numbers, dates, several sheets.
 */
import path from 'node:path';
import ExcelJS, { type CellValue } from 'exceljs';
import { tempDir } from './helpers';

/** A cell with a number format ("0.000000"), or a plain value. */
export type TestCell = CellValue | { value: CellValue; numFmt: string };

export interface TestSheet {
  name: string;
  rows: TestCell[][];
  /** Ranges to merge, "A1:F1". */
  merges?: string[];
  /** Rows left empty before the first one (Excel does not store an empty row). */
  startRow?: number;
}

let counter = 0;

function isFormatted(cell: TestCell): cell is { value: CellValue; numFmt: string } {
  return typeof cell === 'object' && cell !== null && !(cell instanceof Date) && 'numFmt' in cell;
}

/** Writes the sheets to a temporary .xlsx (the whole-workbook writer, as Excel keeps strings shared). */
export async function writeWorkbook(sheets: TestSheet[], name?: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name);
    const first = sheet.startRow ?? 1;
    sheet.rows.forEach((cells, r) => {
      const row = worksheet.getRow(first + r);
      cells.forEach((cell, c) => {
        if (cell === null || cell === undefined) return;
        const target = row.getCell(c + 1);
        if (isFormatted(cell)) {
          target.value = cell.value;
          target.numFmt = cell.numFmt;
        } else target.value = cell;
      });
      row.commit();
    });
    for (const range of sheet.merges ?? []) worksheet.mergeCells(range);
  }
  const file = path.join(tempDir(), name ?? `book-${process.pid}-${++counter}.xlsx`);
  await workbook.xlsx.writeFile(file);
  return file;
}

/** Streams many rows to a temporary .xlsx with exceljs's streaming writer (shared strings on, as Excel). */
export async function writeLargeWorkbook(header: string[], rowCount: number, row: (i: number) => CellValue[], name?: string): Promise<string> {
  const file = path.join(tempDir(), name ?? `large-${process.pid}-${++counter}.xlsx`);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const sheet = workbook.addWorksheet('Danh sách');
  sheet.addRow(header).commit();
  for (let i = 0; i < rowCount; i++) sheet.addRow(row(i)).commit();
  sheet.commit();
  await workbook.commit();
  return file;
}

/** The heading of the National Portal's export, in its merged first cell. */
export const PORTAL_TITLE =
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc\n\nDANH SÁCH THỦ TỤC HÀNH CHÍNH';

/** The Portal's headers, with the "Mức độ" column a clerk adds. */
export const PORTAL_HEADER = ['Mã số', 'Tên', 'Cơ quan ban hành', 'Cơ quan thực hiện', 'Lĩnh vực', 'Mức độ'];
