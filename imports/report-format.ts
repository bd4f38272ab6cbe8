/**
 * How an import report reads on a terminal, in Vietnamese (the clerks' language), and how its problems are
 * written to an errors CSV.
 */
import fs from 'node:fs';
import { stringify } from 'csv-stringify';
import { describeDelimiter } from './detect';
import { formulaSafe } from './csv-safe';
import type { ImportReport } from './run-import';
import type { RowProblem } from './validate';

const ENCODING_NAMES: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 (có BOM)',
  'utf-16le': 'UTF-16 LE (Excel Unicode text)',
  'utf-16be': 'UTF-16 BE',
  'windows-1258': 'Windows-1258 (bảng mã tiếng Việt của Windows)',
};

const DELIMITER_NAMES: Record<string, string> = { comma: 'dấu phẩy', semicolon: 'dấu chấm phẩy', tab: 'tab' };

export function formatNumber(n: number): string {
  return n.toLocaleString('vi-VN');
}

/** "dòng 22", or "dòng 22 (dòng 36 của tệp văn bản)" where a CSV's cells with line breaks make them differ. */
export function describeLine(p: Pick<RowProblem, 'line' | 'textLine'>): string {
  return p.textLine !== undefined && p.textLine !== p.line ? `dòng ${p.line} (dòng ${p.textLine} của tệp văn bản)` : `dòng ${p.line}`;
}

export function describeProblem(p: RowProblem): string {
  const where = p.column ? `${describeLine(p)}, cột "${p.column}"` : describeLine(p);
  const value = p.value ? ` [giá trị: "${p.value}"]` : '';
  return `${where}: ${p.message}${value}`;
}

/** "Bỏ qua 1 dòng tiêu đề phía trên dòng tên cột". */
export function describeTitleRows(count: number): string {
  return `Bỏ qua ${formatNumber(count)} dòng tiêu đề phía trên dòng tên cột`;
}

/** "12 dòng ghi nhiều cơ quan thực hiện trong một ô: mỗi cơ quan thành một dòng thủ tục riêng". */
export function describeMultiAgencyRows(count: number): string {
  return `${formatNumber(count)} dòng ghi nhiều cơ quan thực hiện trong một ô: mỗi cơ quan được nhập thành một thủ tục riêng của cơ quan đó`;
}

export function formatReport(report: ImportReport, shownErrors = 20): string {
  const lines: string[] = [];
  const { counts, inspection } = report;
  lines.push(`Tệp: ${report.fileName} (${formatNumber(inspection.sizeBytes)} byte)`);
  const effective = `ngày hiệu lực: ${report.effectiveDate.split('-').reverse().join('/')}`;
  if (inspection.format === 'xlsx') {
    const sheets = report.workbook && report.workbook.sheets.length > 1 ? ` (các trang tính: ${report.workbook.sheets.map((s) => `"${s}"`).join(', ')})` : '';
    lines.push(`Bảng tính Excel (.xlsx)${report.workbook ? `, trang tính "${report.workbook.sheet}"${sheets}` : ''}; ${effective}`);
  } else if (inspection.format === 'csv') {
    lines.push(`Bảng mã: ${ENCODING_NAMES[inspection.encoding]}; phân cách: ${DELIMITER_NAMES[describeDelimiter(inspection.delimiter)]}; ${effective}`);
  }
  if (report.header && report.header.titleRows > 0) lines.push(`${describeTitleRows(report.header.titleRows)} (dòng tên cột: dòng ${report.header.line}).`);
  if (report.mapping) {
    lines.push(`Cột nhận diện: ${report.mapping.mapped.map((m) => `"${m.header}"`).join(', ') || '(không có)'}`);
    if (report.mapping.ignored.length) lines.push(`Cột bỏ qua: ${report.mapping.ignored.map((m) => `"${m.header}"`).join(', ')}`);
  }

  const status = {
    imported: `ĐÃ NHẬP (lần nhập số ${report.importId}).`,
    'dry-run': 'CHẠY THỬ: chưa ghi gì vào cơ sở dữ liệu.',
    refused: 'TỪ CHỐI: không ghi gì vào cơ sở dữ liệu.',
  }[report.status];
  lines.push(status);
  if (report.fileError) {
    lines.push(report.fileError.line ? `Dòng ${report.fileError.line}: ${report.fileError.message}` : report.fileError.message);
  }
  if (report.status === 'refused') {
    // A refused file's other counts stop at its first error and would mislead.
    lines.push(`Đọc ${formatNumber(counts.rowsRead)} dòng, bị loại ${formatNumber(counts.rejected)}.`);
  } else {
    lines.push(
      `Đọc ${formatNumber(counts.rowsRead)} dòng: thêm mới ${formatNumber(counts.inserted)}, cập nhật ${formatNumber(counts.updated)}, ` +
        `không đổi ${formatNumber(counts.unchanged)}, bãi bỏ ${formatNumber(counts.withdrawn)}, bị loại ${formatNumber(counts.rejected)}.`,
    );
  }
  if (report.multiAgencyRows > 0) lines.push(`${describeMultiAgencyRows(report.multiAgencyRows)}.`);
  if (report.errorCount > 0) {
    lines.push(`${formatNumber(report.errorCount)} lỗi${report.errorCount > shownErrors ? ` (${shownErrors} lỗi đầu tiên)` : ''}:`);
    for (const p of report.errors.slice(0, shownErrors)) lines.push(`  - ${describeProblem(p)}`);
  }
  if (report.warningCount > 0) {
    lines.push(`${formatNumber(report.warningCount)} cảnh báo${report.warningCount > 5 ? ' (5 cảnh báo đầu tiên)' : ''}:`);
    for (const p of report.warnings.slice(0, 5)) lines.push(`  - ${describeProblem(p)}`);
  }
  lines.push(`Thời gian: ${(report.durationMs / 1000).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} giây.`);
  return lines.join('\n');
}

/** The columns of an errors file (CSV or .xlsx): the row as Excel numbers it, and a CSV's text line where it differs. */
export const PROBLEM_COLUMNS = ['Dòng', 'Cột', 'Giá trị', 'Loại', 'Lỗi', 'Dòng của tệp văn bản'] as const;

export function problemCells(p: RowProblem, severity: 'error' | 'warning'): (string | number)[] {
  return [p.line, p.column, p.value, severity === 'error' ? 'Lỗi' : 'Cảnh báo', p.message, p.textLine !== undefined && p.textLine !== p.line ? p.textLine : ''];
}

/** A CSV of problems (UTF-8 with BOM for Excel), written as they are found. */
export function openProblemsCsv(filePath: string): { write(p: RowProblem, severity: 'error' | 'warning'): void; close(): Promise<void> } {
  const out = fs.createWriteStream(filePath);
  out.write('\ufeff');
  const csv = stringify({ header: true, columns: [...PROBLEM_COLUMNS], record_delimiter: '\r\n' });
  csv.pipe(out);
  return {
    write: (p, severity) => void csv.write(problemCells(p, severity).map((cell) => (typeof cell === 'string' ? formulaSafe(cell) : cell))),
    close: () =>
      new Promise((resolve, reject) => {
        out.on('finish', resolve);
        out.on('error', reject);
        csv.end();
      }),
  };
}
