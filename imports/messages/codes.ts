/**
 * The importer's problems as codes with parameters: what went wrong, and the values a sentence needs. The
 * sentences themselves live in one catalogue per language (vi.ts, en.ts), so a report can be read in the
 * reader's language and a stored one still reads after the wording changes.
 */
import type { FileFormat } from '../detect';
import type { WebAddressProblem } from '../../domain/web-address';

/** The parameters of each code. Header names and values are passed as the file wrote them. */
export interface ProblemParams {
  // One cell or row.
  'row.cell-count': { cells: number; columns: number };
  'cell.control-chars': { chars: string[] };
  'cell.too-long': { length: number; max: number };
  'cell.required': { field: 'code' | 'name' | 'agency' | 'level' };
  'flag.unknown': { value: string; field: 'portal' | 'qd411' | 'eligible' };
  'agency.too-long': { length: number; max: number };
  'agency.missing': Record<string, never>;
  'agency.several-for-local-code': { localCode: string; count: number; procedureCode: string };
  'code.number-cell': Record<string, never>;
  'code.other-form': Record<string, never>;
  'code.duplicate-pair': { code: string; agency: string; firstLine: number };
  'level.unknown': { value: string };
  'tiers.unknown': { value: string };
  'status.unknown': { value: string };
  'link.refused': { problem: WebAddressProblem };
  // Rows of one code that disagree about the procedure's own details (name, field, decision…).
  'procedure.details-differ': { code: string; column: string; kept: string; keptLine: number; keptRows: number; other: string; otherRows: number; tie: boolean };
  // The header row.
  'header.missing': { columns: string[]; found: string[]; searchRows: number; levelMissing: boolean };
  'header.duplicate': { column: string; headers: { header: string; column: number }[] };
  // The whole file.
  'file.empty': Record<string, never>;
  'file.header-only': Record<string, never>;
  'file.no-valid-rows': Record<string, never>;
  'format.refused': { format: Exclude<FileFormat, 'csv' | 'xlsx'> };
  'csv.unclosed-quote': Record<string, never>;
  'csv.record-too-long': { max: number };
  'csv.unreadable': { reason: string };
  'xlsx.unreadable': { reason: string };
  'xlsx.no-sheets': Record<string, never>;
  'xlsx.no-such-sheet': { sheet: string; sheets: string[] };
  // An agency list (imports/agency-list.ts).
  'contact.header-missing': { found: string[]; searchRows: number };
  'contact.name-missing': Record<string, never>;
  'contact.phone-invalid': { value: string };
  'contact.email-invalid': { value: string };
  'contact.duplicate': { agency: string; firstLine: number };
  'contact.unknown-agency': { name: string; code: string | null };
  'contact.matched-by-code': { name: string; stored: string };
}

export type ProblemCode = keyof ProblemParams;

/** A problem as data: its code and the values its sentence needs. */
export type Coded = { [C in ProblemCode]: { code: C; params: ProblemParams[C] } }[ProblemCode];

/** A problem's sentence in one language, for each code. */
export type ProblemTemplates = { [C in ProblemCode]: (params: ProblemParams[C]) => string };

export type ImportLang = 'vi' | 'en';

/**
 * The words of an import report around its problems (the CLI's lines, the errors file's columns), per
 * language.
 */
export interface ReportWords {
  line: (line: number, textLine?: number) => string;
  column: (column: string) => string;
  value: (value: string) => string;
  titleRows: (count: string) => string;
  multiAgencyRows: (count: string) => string;
  file: (name: string, bytes: string) => string;
  effectiveDate: (date: string) => string;
  workbook: (sheet: string | null, sheets: string[]) => string;
  csvFormat: (encoding: string, delimiter: string) => string;
  encodings: Record<string, string>;
  delimiters: Record<string, string>;
  headerLine: (line: number) => string;
  mapped: (headers: string[]) => string;
  ignored: (headers: string[]) => string;
  imported: (importId: number | null) => string;
  dryRun: string;
  refused: string;
  fileErrorLine: (line: number, message: string) => string;
  refusedCounts: (read: string, rejected: string) => string;
  counts: (c: { read: string; inserted: string; updated: string; unchanged: string; withdrawn: string; rejected: string }) => string;
  errors: (count: string, shown: number | null) => string;
  warnings: (count: string, shown: number | null) => string;
  /** The report's last line: the time taken, and the rows read a second (a string already formatted, or null). */
  duration: (seconds: number, rowsPerSecond: string | null) => string;
  /** The command line's progress line while a file is read (rows a second: null until measured). */
  progressLine: (percent: string, rows: string, rowsPerSecond: string | null) => string;
  problemColumns: readonly [string, string, string, string, string, string];
  error: string;
  warning: string;
  numberLocale: string;
}

export interface ImportMessages {
  problems: ProblemTemplates;
  report: ReportWords;
}
