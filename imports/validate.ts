/**
 * Turns one CSV record into an import row, or into problems a clerk can act on: the line, the column as
 * the file names it, the value, and what is wrong.
 */
import type { ServiceLevel } from '../domain/levels';
import type { OfferingStatus, Tier } from '../domain/tiers';
import { cleanText, nameKey } from '../domain/text';
import type { HeaderMapping, ImportField } from './headers';
import { byField, DETAIL_KEYS, ROW_KEYS, type DetailValues, type ImportRow } from '../domain/import-fields';
import { coded, type Coded } from './messages';
import { checkWebAddress } from '../domain/web-address';
import { isUnsaidFlag, parseCode, parseFlag, parseLevel, parseStatus, parseTiers, tierFromAgencyName, type ParsedCode } from './values';

export type { ImportRow } from '../domain/import-fields';

export interface RowProblem {
  /** The row as Excel numbers it (imports/read.ts). */
  line: number;
  /** A CSV's text line, where a cell with line breaks above makes it differ from `line`. */
  textLine?: number;
  /** The column's header as written in the file; '' when the problem is with the whole row. */
  column: string;
  value: string;
  /** What is wrong, as a code with the values its sentence needs (imports/messages). */
  code: Coded['code'];
  params: Coded['params'];
  /** The Vietnamese sentence, for readers that know no codes; stored reports made before codes have only this. */
  message: string;
}

/** What a problem says, before the row, column and value are added. */
type Said = Coded & { message: string };

export const MAX_LENGTH: Record<ImportField, number> = byField((f) => f.maxLength);

/** Fields whose line breaks are kept (steps, documents, …): domain/import-fields.ts `multiline`. */
const MULTILINE: Record<ImportField, boolean> = byField((f) => f.multiline === true);

/**
 * A text of several lines, cleaned line by line like cleanText (NFC, spaces collapsed, trimmed), its line
 * breaks kept as "\n": no more than one empty line in a row, none at the start or the end.
 */
export function cleanLines(value: string): string {
  return value
    .normalize('NFC')
    .split(/\r\n|[\r\n\u2028\u2029]/)
    .map((line) => line.replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}

const SHOWN_VALUE_CHARS = 120;

/**
 * Printable characters that Unicode NFC leaves alone, alone or next to each other: ASCII, Latin-1, Latin
 * Extended-A/B, IPA and spacing modifiers, and Latin Extended Additional (the precomposed Vietnamese
 * letters). None of them is a space that cleanText collapses (U+00A0 is left out).
 */
const STABLE_CHARS = '!-~\u00a1-\u02ff\u1e00-\u1eff';
const ALREADY_CLEAN = new RegExp(`^(?:[${STABLE_CHARS}]+(?: [${STABLE_CHARS}]+)*)?$`);

/**
 * cleanText, with a fast path for the usual cell: text already in NFC, with single spaces and nothing to
 * trim, which cleanText would return unchanged.
 */
export function cleanCell(value: string): string {
  return ALREADY_CLEAN.test(value) ? value : cleanText(value);
}

/**
 * Remembers a pure parser's answers: the same few spellings ("Mức độ 4", "Có", "Cấp xã") fill most
 * cells of a file. Bounded: it starts afresh when full.
 */
class Memo<V> {
  private readonly answers = new Map<string, V>();

  constructor(
    private readonly parse: (text: string) => V,
    private readonly limit: number,
  ) {}

  get(text: string): V {
    let answer = this.answers.get(text);
    if (answer === undefined) {
      answer = this.parse(text);
      if (this.answers.size >= this.limit) this.answers.clear();
      this.answers.set(text, answer);
    }
    return answer;
  }
}

export class RowValidator {
  /**
   * First line of each (procedure code, agency) pair seen so far in this file, by code number, then
   * agency number: small integer keys keep a million pairs in a few tens of megabytes.
   */
  private readonly seen = new Map<number, Map<number, number>>();
  /** Procedure codes numbered in order of appearance. */
  private readonly codeNumbers = new Map<string, number>();
  /** Agencies numbered in order of appearance, to keep the keys above short on million-row files. */
  private readonly agencyNumbers = new Map<string, number>();
  /** The same numbers by the agency's text as written, so that a name seen before needs no nameKey. */
  private readonly agencyNumbersByText = new Map<string, number>();
  private readonly levels = new Memo<ServiceLevel | null>(parseLevel, 1_000);
  private readonly flags = new Memo<boolean | null>(parseFlag, 1_000);
  private readonly unsaid = new Memo<boolean>(isUnsaidFlag, 1_000);
  private readonly statuses = new Memo<OfferingStatus | null>(parseStatus, 1_000);
  private readonly tierLists = new Memo<readonly Tier[] | null>(parseTiers, 1_000);
  private readonly agencyTiers = new Memo<Tier | null>(tierFromAgencyName, 10_000);
  private readonly codes = new Memo<ParsedCode>(parseCode, 10_000);

  /** The row being validated: its line, cells and errors so far. */
  private line = 0;
  private textLine: number | undefined;
  private cells: string[] = [];
  private errors: RowProblem[] = [];
  private warnings: RowProblem[] = [];

  /**
   * A cell's text without control characters (NUL, U+0001–U+001F but tab, CR and LF, and U+007F): they print
   * as nothing, break the pages and files made from the catalogue, and come only from damaged or crafted files.
   * Removed with a warning that names them.
   */
  private cell(field: ImportField, index: number): string {
    const value = this.cells[index] ?? '';
    if (!CONTROL_CHARS.test(value)) return value;
    const found = [...new Set(value.match(CONTROL_CHARS_ALL) ?? [])].map((ch) => `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
    const cleaned = value.replace(CONTROL_CHARS_ALL, '');
    this.warnings.push(this.problem(field, cleanText(cleaned), coded('cell.control-chars', { chars: found })));
    return cleaned;
  }

  constructor(private readonly mapping: HeaderMapping) {}

  private problem(field: ImportField, value: string, said: Said): RowProblem {
    const problem = {
      line: this.line,
      column: this.mapping.headers[this.mapping.columns[field] as number],
      value: value.length > SHOWN_VALUE_CHARS ? `${value.slice(0, SHOWN_VALUE_CHARS)}…` : value,
      ...said,
    } as RowProblem;
    if (this.textLine !== undefined) problem.textLine = this.textLine;
    return problem;
  }

  /** The cleaned text of a column; undefined when the file has no such column. */
  private text(field: ImportField): string | undefined {
    const index = this.mapping.columns[field];
    if (index === undefined) return undefined;
    let value = MULTILINE[field] ? cleanLines(this.cell(field, index)) : cleanCell(this.cell(field, index));
    // Our exports write a formula-like cell as '=… so spreadsheets show it as text; read it back as written.
    if (value.charCodeAt(0) === 39 && /^'[=+\-@]/.test(value)) value = value.slice(1);
    if (value.length > MAX_LENGTH[field]) {
      this.errors.push(this.problem(field, value, coded('cell.too-long', { length: value.length, max: MAX_LENGTH[field] })));
      return '';
    }
    return value;
  }

  private required(field: 'code' | 'name' | 'agency' | 'level'): string {
    const value = this.text(field) ?? '';
    if (value === '') {
      const column = this.mapping.headers[this.mapping.columns[field] as number];
      if (!this.errors.some((e) => e.column === column)) this.errors.push(this.problem(field, '', coded('cell.required', { field })));
    }
    return value;
  }

  private optional(field: ImportField): string | null | undefined {
    const value = this.text(field);
    return value === undefined ? undefined : value === '' ? null : value;
  }

  /**
   * A web address (domain/web-address.ts): the cell as the file holds it, control characters and all (they
   * make an address refused, never quietly removed), trimmed; null when empty, undefined when the file has
   * no such column or the address is refused (with an error: the row is not imported).
   */
  private link(field: 'onlineUrl'): string | null | undefined {
    const index = this.mapping.columns[field];
    if (index === undefined) return undefined;
    const raw = (this.cells[index] ?? '').normalize('NFC');
    const value = raw.replace(/^[ \t\r\n\u00a0]+|[ \t\r\n\u00a0]+$/g, '');
    if (value === '') return null;
    const shown = value.replace(CONTROL_CHARS_ALL, '\ufffd');
    if (value.length > MAX_LENGTH[field]) {
      this.errors.push(this.problem(field, shown, coded('cell.too-long', { length: value.length, max: MAX_LENGTH[field] })));
      return undefined;
    }
    const checked = checkWebAddress(value);
    if (!checked.ok) {
      this.errors.push(this.problem(field, shown, coded('link.refused', { problem: checked.problem })));
      return undefined;
    }
    return value;
  }

  private flag(field: 'portal' | 'qd411' | 'eligible'): boolean | undefined {
    const value = this.text(field);
    if (value === undefined || this.unsaid.get(value)) return undefined;
    const parsed = this.flags.get(value);
    if (parsed === null) {
      this.errors.push(this.problem(field, value, coded('flag.unknown', { value, field })));
      return undefined;
    }
    return parsed;
  }

  /**
   * The agencies a cell names: one per line, or separated by ";" (never by commas: "Bộ, cơ quan ngang bộ" is
   * one name), each trimmed with its spaces collapsed, the same one twice counted once.
   */
  private agencies(): string[] {
    const index = this.mapping.columns.agency as number;
    if (!AGENCY_SEPARATOR.test(this.cells[index] ?? '')) {
      const one = this.required('agency');
      return one === '' ? [] : [one];
    }
    const raw = this.cell('agency', index);
    const out: string[] = [];
    const keys = new Set<string>();
    for (const part of raw.split(AGENCY_SEPARATOR)) {
      const name = cleanCell(part);
      if (name === '') continue;
      if (name.length > MAX_LENGTH.agency) {
        this.errors.push(this.problem('agency', name, coded('agency.too-long', { length: name.length, max: MAX_LENGTH.agency })));
        continue;
      }
      const key = nameKey(name);
      if (keys.has(key)) continue;
      keys.add(key);
      out.push(name);
    }
    if (out.length === 0 && !this.errors.some((e) => e.column === this.mapping.headers[index])) {
      this.errors.push(this.problem('agency', '', coded('agency.missing', {})));
    }
    return out;
  }

  /** The number of an agency's name in this file (the same agency written alike or not gets one number). */
  private agencyNumber(agency: string): number {
    let agencyNumber = this.agencyNumbersByText.get(agency);
    if (agencyNumber === undefined) {
      const agencyKey = nameKey(agency);
      agencyNumber = this.agencyNumbers.get(agencyKey);
      if (agencyNumber === undefined) {
        agencyNumber = this.agencyNumbers.size;
        this.agencyNumbers.set(agencyKey, agencyNumber);
      }
      this.agencyNumbersByText.set(agency, agencyNumber);
    }
    return agencyNumber;
  }

  /** numberCells: the indexes of the cells a workbook stored as numbers (their text is as the sheet shows them). */
  validate(line: number, cells: string[], numberCells?: number[], textLine?: number): CheckedRow {
    const errors: RowProblem[] = [];
    const warnings: RowProblem[] = [];
    const { headers } = this.mapping;

    if (cells.length !== headers.length) {
      errors.push({
        line,
        ...(textLine !== undefined ? { textLine } : {}),
        column: '',
        value: '',
        ...coded('row.cell-count', { cells: cells.length, columns: headers.length }),
      });
      return { row: null, errors, warnings };
    }
    this.line = line;
    this.textLine = textLine;
    this.cells = cells;
    this.errors = errors;
    this.warnings = warnings;

    const codeText = this.required('code');
    const name = this.required('name');
    const agencies = this.agencies();
    const levelText = this.required('level');

    const code = this.codes.get(codeText);
    if (numberCells !== undefined && codeText !== '' && numberCells.includes(this.mapping.columns.code as number) && code.kind !== 'national') {
      // A code typed into a number cell loses its trailing zeros (1.001610 is kept as 1.00161): never guess it.
      errors.push(this.problem('code', codeText, coded('code.number-cell', {})));
    } else if (codeText !== '' && code.kind === 'other') {
      warnings.push(this.problem('code', codeText, coded('code.other-form', {})));
    }

    let level: ServiceLevel | null = null;
    if (levelText !== '') {
      level = this.levels.get(levelText);
      if (level === null) {
        errors.push(this.problem('level', levelText, coded('level.unknown', { value: levelText })));
      }
    }

    let tiers: Tier[] | undefined;
    const tiersText = this.text('tiers');
    if (tiersText !== undefined && tiersText !== '') {
      const parsed = this.tierLists.get(tiersText);
      if (parsed === null) {
        errors.push(this.problem('tiers', tiersText, coded('tiers.unknown', { value: tiersText })));
      } else tiers = parsed.slice();
    }
    const tiersOf = (name: string): Tier[] | undefined => {
      if (tiers !== undefined) return agencies.length > 1 ? tiers.slice() : tiers;
      const inferred = this.agencyTiers.get(name);
      return inferred ? [inferred] : undefined;
    };

    let status: OfferingStatus = 'current';
    const statusText = this.text('status');
    if (statusText !== undefined) {
      const parsed = this.statuses.get(statusText);
      if (parsed === null) {
        errors.push(this.problem('status', statusText, coded('status.unknown', { value: statusText })));
      } else status = parsed;
    }

    const portalIntegrated = this.flag('portal');
    const qd411 = this.flag('qd411');
    const eligible = this.flag('eligible');
    const field = this.optional('field');
    const details = {} as DetailValues<string | null | undefined>;
    for (const key of DETAIL_KEYS) details[key] = this.optional(key);
    const agencyCodeText = this.optional('agencyCode');
    const onlineUrl = this.link('onlineUrl');

    if (code.kind === 'localized' && agencies.length > 1) {
      errors.push(
        this.problem('agency', agencies.join('; '), coded('agency.several-for-local-code', { localCode: code.localCode, count: agencies.length, procedureCode: code.procedureCode })),
      );
    }
    for (const agency of code.procedureCode !== '' ? agencies : []) {
      const agencyNumber = this.agencyNumber(agency);
      let codeNumber = this.codeNumbers.get(code.procedureCode);
      if (codeNumber === undefined) {
        codeNumber = this.codeNumbers.size;
        this.codeNumbers.set(code.procedureCode, codeNumber);
        this.seen.set(codeNumber, new Map());
      }
      const agenciesOfCode = this.seen.get(codeNumber)!;
      const first = agenciesOfCode.get(agencyNumber);
      if (first !== undefined) {
        errors.push(this.problem('code', codeText, coded('code.duplicate-pair', { code: code.procedureCode, agency, firstLine: first })));
      } else agenciesOfCode.set(agencyNumber, line);
    }

    if (errors.length > 0 || level === null) return { row: null, errors, warnings };

    const single = agencies.length === 1;
    const rows = agencies.map((agency): ImportRow => {
      // In the order of domain/import-fields.ts (ROW_KEYS), which the wire keeps.
      const row = {
        line,
        procedureCode: code.procedureCode,
        localCode: code.localCode,
        name,
        field,
        agency,
        agencyCode: agencyCodeText ?? (code.kind === 'localized' ? code.agencyCode : undefined),
        tiers: tiersOf(agency),
        level: level as ServiceLevel,
        portalIntegrated,
        qd411,
        eligible,
        status,
      } as ImportRow;
      for (const key of AFTER_STATUS) (row as Record<string, unknown>)[key] = key === 'onlineUrl' ? onlineUrl : details[key as keyof typeof details];
      return row;
    });
    if (!single && agencyCodeText !== undefined) for (const row of rows) row.agencyCode = undefined;
    return single ? { row: rows[0], errors, warnings } : { row: rows[0], also: rows.slice(1), errors, warnings };
  }
}

/** The row's properties after its status, in the wire's order (ROW_KEYS): the details, and the online address among them. */
const AFTER_STATUS = ROW_KEYS.slice(ROW_KEYS.indexOf('status') + 1);

const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const CONTROL_CHARS_ALL = new RegExp(CONTROL_CHARS.source, 'g');

/** Line breaks and semicolons separate the agencies a cell names. */
const AGENCY_SEPARATOR = /\r\n|[\r\n;]/;

/**
 * A data record after validation: the row to write (null when it has errors), its errors and warnings. A
 * record whose agency cell names several agencies gives one row per agency: the first in `row`, the others in
 * `also`, all with the record's line.
 */
export interface CheckedRow {
  row: ImportRow | null;
  also?: ImportRow[];
  errors: RowProblem[];
  warnings: RowProblem[];
}
