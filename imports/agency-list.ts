/**
 * An agency list (who to call): name, code, address, phone, email, opening hours and website per agency, from
 * a CSV or an .xlsx, read with the procedure import's own readers (encoding detection, title rows above the
 * header, Excel row numbers). Pure: it checks the rows; matching them to the catalogue's agencies and writing
 * is db/agency-contact-repository.ts's.
 */
import { cleanText, foldVietnamese } from '../domain/text';
import { checkWebAddress, safeEmail, telTarget } from '../domain/web-address';
import { formatRefusal, inspectFile, type FileEncoding, type FileFormat } from './detect';
import { headerKey } from './headers';
import { coded, type Coded } from './messages';
import { FileReadError, readRecords } from './read';
import { HEADER_SEARCH_ROWS } from './row-source';

export const CONTACT_FIELDS = ['name', 'code', 'address', 'phone', 'email', 'hours', 'website'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];
/** The contact values an agency keeps (all but its name and code, which identify it). */
export const CONTACT_VALUES = ['address', 'phone', 'email', 'hours', 'website'] as const;
export type ContactValue = (typeof CONTACT_VALUES)[number];

/** Accepted headers per column; the first is what the contacts export writes. */
export const CONTACT_HEADERS: Record<ContactField, readonly string[]> = {
  name: ['Tên cơ quan', 'Tên đơn vị', 'Cơ quan', 'Đơn vị', 'ten_co_quan', 'name', 'agency', 'agency name'],
  code: ['Mã cơ quan', 'Mã đơn vị', 'Mã định danh', 'ma_co_quan', 'code', 'agency code'],
  address: ['Địa chỉ', 'Địa chỉ trụ sở', 'Trụ sở', 'dia_chi', 'address'],
  phone: ['Điện thoại', 'Số điện thoại', 'Điện thoại liên hệ', 'dien_thoai', 'phone', 'telephone', 'tel'],
  email: ['Email', 'Thư điện tử', 'Địa chỉ thư điện tử', 'E-mail', 'thu_dien_tu'],
  hours: ['Giờ làm việc', 'Thời gian làm việc', 'Giờ tiếp dân', 'gio_lam_viec', 'opening hours', 'hours'],
  website: ['Website', 'Trang thông tin điện tử', 'Cổng thông tin điện tử', 'Trang web', 'web', 'url'],
};

const FIELD_BY_KEY = new Map<string, ContactField>();
for (const field of CONTACT_FIELDS) for (const alias of CONTACT_HEADERS[field]) FIELD_BY_KEY.set(headerKey(alias), field);

export const CONTACT_MAX_LENGTH: Record<ContactField, number> = { name: 300, code: 50, address: 500, phone: 100, email: 254, hours: 500, website: 2000 };

export interface ContactProblem {
  /** The row as Excel numbers it; null for the file as a whole. */
  line: number | null;
  /** The column's header as the file wrote it, and its number (1-based). */
  column: string | null;
  columnNumber: number | null;
  value: string;
  problem: Coded;
}

export interface ContactRow {
  line: number;
  name: string;
  code: string | null;
  /** Only the columns the file has: an empty cell is null (the contact is cleared). */
  values: Partial<Record<ContactValue, string | null>>;
}

export interface ContactListCheck {
  format: FileFormat;
  encoding: FileEncoding;
  /** The row of the header, the columns it maps and the ones ignored. */
  header: { line: number; mapped: { field: ContactField; header: string; column: number }[]; ignored: string[] } | null;
  rows: ContactRow[];
  errors: ContactProblem[];
  /** A problem with the file as a whole: nothing else is read. */
  fileError: Coded | null;
}

/** What a spreadsheet export adds before a formula-like cell (imports/csv-safe.ts), taken off again. */
function withoutFormulaGuard(value: string): string {
  return /^'[=+\-@]/.test(value) ? value.slice(1) : value;
}

const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A header row: one that maps the name and at least one other column. */
function mapContactHeader(cells: string[]) {
  const mapped: { field: ContactField; header: string; column: number }[] = [];
  const ignored: string[] = [];
  cells.forEach((cell, i) => {
    const header = cleanText(cell);
    if (header === '') return;
    const field = FIELD_BY_KEY.get(headerKey(header));
    if (!field || mapped.some((m) => m.field === field)) ignored.push(header);
    else mapped.push({ field, header, column: i + 1 });
  });
  return { mapped, ignored, complete: mapped.some((m) => m.field === 'name') && mapped.length >= 2 };
}

/** Reads and checks an agency list. Never throws for a bad file: its problem is in `fileError`. */
export async function readContactList(filePath: string): Promise<ContactListCheck> {
  const inspection = await inspectFile(filePath);
  const out: ContactListCheck = { format: inspection.format, encoding: inspection.encoding, header: null, rows: [], errors: [], fileError: null };
  const refusal = formatRefusal(inspection.format);
  if (refusal) return { ...out, fileError: refusal };
  if (inspection.sizeBytes === 0) return { ...out, fileError: coded('file.empty', {}) };

  let best: ReturnType<typeof mapContactHeader> | null = null;
  let header: (ReturnType<typeof mapContactHeader> & { line: number }) | null = null;
  const seen = new Map<string, number>();
  try {
    for await (const record of readRecords(filePath, inspection)) {
      const cells = record.cells;
      if (cells.every((c) => c.trim() === '')) continue;
      if (!header) {
        if (record.line > HEADER_SEARCH_ROWS) break;
        const candidate = mapContactHeader(cells);
        if (candidate.complete) header = { ...candidate, line: record.line };
        else if (!best || candidate.mapped.length > best.mapped.length) best = candidate;
        continue;
      }
      const row = checkRow(record.line, cells, header.mapped, out.errors);
      if (!row) continue;
      for (const key of [row.code ? `code:${row.code.toUpperCase()}` : null, `name:${foldVietnamese(row.name)}`]) {
        if (key === null) continue;
        const first = seen.get(key);
        if (first !== undefined) {
          const nameColumn = header.mapped.find((m) => m.field === 'name')!;
          out.errors.push({ line: row.line, column: nameColumn.header, columnNumber: nameColumn.column, value: row.name, problem: coded('contact.duplicate', { agency: row.name, firstLine: first }) });
          break;
        }
        seen.set(key, row.line);
      }
      out.rows.push(row);
    }
  } catch (error) {
    if (error instanceof FileReadError) return { ...out, fileError: error.problem };
    throw error;
  }
  if (!header) return { ...out, fileError: coded('contact.header-missing', { found: best ? best.mapped.map((m) => m.header) : [], searchRows: HEADER_SEARCH_ROWS }) };
  out.header = { line: header.line, mapped: header.mapped, ignored: header.ignored };
  if (out.rows.length === 0 && out.errors.length === 0) out.fileError = coded('file.header-only', {});
  return out;
}

/** One row's values, checked; null (with its problems added) when it cannot be used. */
function checkRow(line: number, cells: string[], mapped: { field: ContactField; header: string; column: number }[], errors: ContactProblem[]): ContactRow | null {
  const before = errors.length;
  const values: Partial<Record<ContactField, string | null>> = {};
  for (const { field, header, column } of mapped) {
    const raw = cells[column - 1] ?? '';
    const problem = (value: string, p: Coded) => errors.push({ line, column: header, columnNumber: column, value, problem: p });
    if (CONTROL_CHARS.test(raw)) {
      const chars = [...new Set(raw.match(new RegExp(CONTROL_CHARS.source, 'g')) ?? [])].map((ch) => `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
      problem(raw.replace(new RegExp(CONTROL_CHARS.source, 'g'), '\ufffd'), coded('cell.control-chars', { chars }));
      continue;
    }
    const value = withoutFormulaGuard(cleanText(raw));
    if (value.length > CONTACT_MAX_LENGTH[field]) {
      problem(value.slice(0, 200), coded('cell.too-long', { length: value.length, max: CONTACT_MAX_LENGTH[field] }));
      continue;
    }
    if (value === '') {
      if (field === 'name') problem('', coded('contact.name-missing', {}));
      values[field] = null;
      continue;
    }
    if (field === 'website') {
      const checked = checkWebAddress(value);
      if (!checked.ok) {
        problem(value, coded('link.refused', { problem: checked.problem }));
        continue;
      }
    }
    if (field === 'email' && safeEmail(value) === null) {
      problem(value, coded('contact.email-invalid', { value }));
      continue;
    }
    if (field === 'phone' && telTarget(value) === null) {
      problem(value, coded('contact.phone-invalid', { value }));
      continue;
    }
    values[field] = value;
  }
  if (errors.length > before || !values.name) return null;
  const contact: Partial<Record<ContactValue, string | null>> = {};
  for (const key of CONTACT_VALUES) if (key in values) contact[key] = values[key] ?? null;
  return { line, name: values.name, code: values.code ?? null, values: contact };
}
