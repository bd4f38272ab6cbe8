/**
 * How an import report reads on a terminal, in Vietnamese (the clerks' language, the default) or English, and
 * how its problems are written to an errors CSV.
 */
import fs from 'node:fs';
import { stringify } from 'csv-stringify';
import { describeDelimiter } from './detect';
import { formulaSafe } from './csv-safe';
import { IMPORT_MESSAGES, problemText, type ImportLang, type ReportWords } from './messages';
import { fileErrorText, type ImportReport } from './run-import';
import type { RowProblem } from './validate';

function words(lang: ImportLang): ReportWords {
  return IMPORT_MESSAGES[lang].report;
}

export function formatNumber(n: number, lang: ImportLang = 'vi'): string {
  return n.toLocaleString(words(lang).numberLocale);
}

/** "dòng 22", or "dòng 22 (dòng 36 của tệp văn bản)" where a CSV's cells with line breaks make them differ. */
export function describeLine(p: Pick<RowProblem, 'line' | 'textLine'>, lang: ImportLang = 'vi'): string {
  return words(lang).line(p.line, p.textLine);
}

/** A problem's place, sentence (in the language, or as stored for an old report) and value. */
export function describeProblem(p: RowProblem, lang: ImportLang = 'vi'): string {
  const w = words(lang);
  const where = p.column ? `${describeLine(p, lang)}, ${w.column(p.column)}` : describeLine(p, lang);
  const value = p.value ? w.value(p.value) : '';
  return `${where}: ${problemText(p, lang)}${value}`;
}

/** "Bỏ qua 1 dòng tiêu đề phía trên dòng tên cột". */
export function describeTitleRows(count: number, lang: ImportLang = 'vi'): string {
  return words(lang).titleRows(formatNumber(count, lang));
}

/** "12 dòng ghi nhiều cơ quan thực hiện trong một ô: mỗi cơ quan thành một dòng thủ tục riêng". */
export function describeMultiAgencyRows(count: number, lang: ImportLang = 'vi'): string {
  return words(lang).multiAgencyRows(formatNumber(count, lang));
}

export function formatReport(report: ImportReport, shownErrors = 20, lang: ImportLang = 'vi'): string {
  const w = words(lang);
  const num = (n: number): string => formatNumber(n, lang);
  const lines: string[] = [];
  const { counts, inspection } = report;
  lines.push(w.file(report.fileName, num(inspection.sizeBytes)));
  const effective = w.effectiveDate(report.effectiveDate.split('-').reverse().join('/'));
  if (inspection.format === 'xlsx') {
    lines.push(`${w.workbook(report.workbook?.sheet ?? null, report.workbook?.sheets ?? [])}; ${effective}`);
  } else if (inspection.format === 'csv') {
    lines.push(`${w.csvFormat(w.encodings[inspection.encoding], w.delimiters[describeDelimiter(inspection.delimiter)])}; ${effective}`);
  }
  if (report.header && report.header.titleRows > 0) lines.push(`${describeTitleRows(report.header.titleRows, lang)} (${w.headerLine(report.header.line)}).`);
  if (report.mapping) {
    lines.push(w.mapped(report.mapping.mapped.map((m) => m.header)));
    if (report.mapping.ignored.length) lines.push(w.ignored(report.mapping.ignored.map((m) => m.header)));
  }

  const status = { imported: w.imported(report.importId), 'dry-run': w.dryRun, refused: w.refused }[report.status];
  lines.push(status);
  if (report.fileError) {
    const message = fileErrorText(report.fileError, lang);
    lines.push(report.fileError.line ? w.fileErrorLine(report.fileError.line, message) : message);
  }
  if (report.status === 'refused') {
    // A refused file's other counts stop at its first error and would mislead.
    lines.push(w.refusedCounts(num(counts.rowsRead), num(counts.rejected)));
  } else {
    lines.push(
      w.counts({
        read: num(counts.rowsRead),
        inserted: num(counts.inserted),
        updated: num(counts.updated),
        unchanged: num(counts.unchanged),
        withdrawn: num(counts.withdrawn),
        rejected: num(counts.rejected),
      }),
    );
  }
  if (report.multiAgencyRows > 0) lines.push(`${describeMultiAgencyRows(report.multiAgencyRows, lang)}.`);
  if (report.errorCount > 0) {
    lines.push(w.errors(num(report.errorCount), report.errorCount > shownErrors ? shownErrors : null));
    for (const p of report.errors.slice(0, shownErrors)) lines.push(`  - ${describeProblem(p, lang)}`);
  }
  if (report.warningCount > 0) {
    lines.push(w.warnings(num(report.warningCount), report.warningCount > 5 ? 5 : null));
    for (const p of report.warnings.slice(0, 5)) lines.push(`  - ${describeProblem(p, lang)}`);
  }
  const rate = report.durationMs >= 100 && report.counts.rowsRead > 0 ? num(Math.round((report.counts.rowsRead * 1000) / report.durationMs)) : null;
  lines.push(w.duration(report.durationMs / 1000, rate));
  return lines.join('\n');
}

/** The columns of an errors file (CSV or .xlsx): the row as Excel numbers it, and a CSV's text line where it differs. */
export const PROBLEM_COLUMNS = IMPORT_MESSAGES.vi.report.problemColumns;

export function problemColumns(lang: ImportLang = 'vi'): readonly string[] {
  return words(lang).problemColumns;
}

export function problemCells(p: RowProblem, severity: 'error' | 'warning', lang: ImportLang = 'vi'): (string | number)[] {
  const w = words(lang);
  return [p.line, p.column, p.value, severity === 'error' ? w.error : w.warning, problemText(p, lang), p.textLine !== undefined && p.textLine !== p.line ? p.textLine : ''];
}

/** A CSV of problems (UTF-8 with BOM for Excel), written as they are found. */
export function openProblemsCsv(filePath: string, lang: ImportLang = 'vi'): { write(p: RowProblem, severity: 'error' | 'warning'): void; close(): Promise<void> } {
  const out = fs.createWriteStream(filePath);
  out.write('\ufeff');
  const csv = stringify({ header: true, columns: [...problemColumns(lang)], record_delimiter: '\r\n' });
  csv.pipe(out);
  return {
    write: (p, severity) => void csv.write(problemCells(p, severity, lang).map((cell) => (typeof cell === 'string' ? formulaSafe(cell) : cell))),
    close: () =>
      new Promise((resolve, reject) => {
        out.on('finish', resolve);
        out.on('error', reject);
        csv.end();
      }),
  };
}
