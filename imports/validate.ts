/**
 * Turns one CSV record into an import row, or into problems a clerk can act on: the line, the column as
 * the file names it, the value, and what is wrong.
 */
import type { ServiceLevel } from '../server/domain/levels';
import type { OfferingStatus, Tier } from '../server/domain/tiers';
import { cleanText, nameKey } from '../server/domain/text';
import type { HeaderMapping, ImportField } from './headers';
import { isUnsaidFlag, parseCode, parseFlag, parseLevel, parseStatus, parseTiers, tierFromAgencyName } from './values';

/** A valid row. `undefined` means the file has no such column: the stored value is kept. */
export interface ImportRow {
  line: number;
  procedureCode: string;
  localCode: string | null;
  name: string;
  agency: string;
  agencyCode: string | undefined;
  field: string | null | undefined;
  tiers: Tier[] | undefined;
  level: ServiceLevel;
  portalIntegrated: boolean | undefined;
  qd411: boolean | undefined;
  eligible: boolean | undefined;
  status: OfferingStatus;
  applicants: string | null | undefined;
  processingTime: string | null | undefined;
  fees: string | null | undefined;
  decision: string | null | undefined;
}

export interface RowProblem {
  line: number;
  /** The column's header as written in the file; '' when the problem is with the whole row. */
  column: string;
  value: string;
  message: string;
}

export const MAX_LENGTH: Record<ImportField, number> = {
  code: 64,
  name: 1000,
  agency: 300,
  level: 60,
  field: 300,
  tiers: 200,
  portal: 60,
  qd411: 60,
  eligible: 60,
  status: 60,
  applicants: 2000,
  processingTime: 1000,
  fees: 4000,
  decision: 500,
  agencyCode: 64,
};

const SHOWN_VALUE_CHARS = 120;

export class RowValidator {
  /** First line of each (procedure code, agency) pair seen so far in this file. */
  private readonly seen = new Map<string, number>();
  /** Agencies numbered in order of appearance, to keep the keys above short on million-row files. */
  private readonly agencyNumbers = new Map<string, number>();

  constructor(private readonly mapping: HeaderMapping) {}

  validate(line: number, cells: string[]): { row: ImportRow | null; errors: RowProblem[]; warnings: RowProblem[] } {
    const errors: RowProblem[] = [];
    const warnings: RowProblem[] = [];
    const { columns, headers } = this.mapping;

    if (cells.length !== headers.length) {
      errors.push({
        line,
        column: '',
        value: '',
        message: `Dòng có ${cells.length} ô nhưng dòng tiêu đề có ${headers.length} cột (thừa hoặc thiếu dấu phân cách).`,
      });
      return { row: null, errors, warnings };
    }

    const problem = (field: ImportField, value: string, message: string): RowProblem => ({
      line,
      column: headers[columns[field] as number],
      value: value.length > SHOWN_VALUE_CHARS ? `${value.slice(0, SHOWN_VALUE_CHARS)}…` : value,
      message,
    });

    /** The cleaned text of a column; undefined when the file has no such column. */
    const text = (field: ImportField): string | undefined => {
      const index = columns[field];
      if (index === undefined) return undefined;
      // Our exports write a formula-like cell as '=… so spreadsheets show it as text; read it back as written.
      const value = cleanText(cells[index] ?? '').replace(/^'(?=[=+\-@])/, '');
      if (value.length > MAX_LENGTH[field]) {
        errors.push(problem(field, value, `Giá trị dài ${value.length} ký tự, quá giới hạn ${MAX_LENGTH[field]} ký tự.`));
        return '';
      }
      return value;
    };
    const required = (field: ImportField, label: string): string => {
      const value = text(field) ?? '';
      if (value === '' && !errors.some((e) => e.column === headers[columns[field] as number])) {
        errors.push(problem(field, '', `Thiếu ${label}: ô này không được để trống.`));
      }
      return value;
    };
    const optional = (field: ImportField): string | null | undefined => {
      const value = text(field);
      return value === undefined ? undefined : value === '' ? null : value;
    };
    const flag = (field: ImportField, label: string): boolean | undefined => {
      const value = text(field);
      if (value === undefined || isUnsaidFlag(value)) return undefined;
      const parsed = parseFlag(value);
      if (parsed === null) {
        errors.push(problem(field, value, `Không hiểu giá trị "${value}" của cột ${label}: dùng Có/Không, x/để trống, Đã tích hợp/Chưa tích hợp hoặc Không rõ.`));
        return undefined;
      }
      return parsed;
    };

    const codeText = required('code', 'mã thủ tục');
    const name = required('name', 'tên thủ tục');
    const agency = required('agency', 'cơ quan thực hiện');
    const levelText = required('level', 'mức độ');

    const code = parseCode(codeText);
    if (codeText !== '' && code.kind === 'other') {
      warnings.push(problem('code', codeText, 'Mã không theo dạng D.DDDDDD hoặc D.DDDDDD.DDD.DD.DD.XDD; vẫn được nhận nguyên văn.'));
    }

    let level: ServiceLevel | null = null;
    if (levelText !== '') {
      level = parseLevel(levelText);
      if (level === null) {
        errors.push(problem('level', levelText, `Không hiểu mức độ "${levelText}": dùng 1–4, "Mức độ 3", "Toàn trình" hoặc "Một phần".`));
      }
    }

    let tiers: Tier[] | undefined;
    const tiersText = text('tiers');
    if (tiersText !== undefined && tiersText !== '') {
      const parsed = parseTiers(tiersText);
      if (parsed === null) {
        errors.push(problem('tiers', tiersText, `Không hiểu cấp thực hiện "${tiersText}": dùng Cấp tỉnh, Cấp huyện, Cấp xã, Cấp bộ hoặc Cơ quan khác, cách nhau bởi dấu phẩy.`));
      } else tiers = parsed;
    }
    if (tiers === undefined && agency !== '') {
      const inferred = tierFromAgencyName(agency);
      if (inferred) tiers = [inferred];
    }

    let status: OfferingStatus = 'current';
    const statusText = text('status');
    if (statusText !== undefined) {
      const parsed = parseStatus(statusText);
      if (parsed === null) {
        errors.push(problem('status', statusText, `Không hiểu tình trạng "${statusText}": dùng "Còn hiệu lực" hoặc "Bãi bỏ".`));
      } else status = parsed;
    }

    const portalIntegrated = flag('portal', 'tích hợp Cổng DVCQG');
    const qd411 = flag('qd411', 'QĐ 411');
    const eligible = flag('eligible', 'đủ điều kiện');
    const field = optional('field');
    const applicants = optional('applicants');
    const processingTime = optional('processingTime');
    const fees = optional('fees');
    const decision = optional('decision');
    const agencyCodeText = optional('agencyCode');

    if (code.procedureCode !== '' && agency !== '') {
      const agencyKey = nameKey(agency);
      let agencyNumber = this.agencyNumbers.get(agencyKey);
      if (agencyNumber === undefined) {
        agencyNumber = this.agencyNumbers.size;
        this.agencyNumbers.set(agencyKey, agencyNumber);
      }
      const key = `${code.procedureCode}|${agencyNumber}`;
      const first = this.seen.get(key);
      if (first !== undefined) {
        errors.push(problem('code', codeText, `Mã ${code.procedureCode} của "${agency}" đã có ở dòng ${first}: mỗi cặp mã thủ tục và cơ quan chỉ được xuất hiện một lần.`));
      } else this.seen.set(key, line);
    }

    if (errors.length > 0 || level === null) return { row: null, errors, warnings };

    return {
      row: {
        line,
        procedureCode: code.procedureCode,
        localCode: code.localCode,
        name,
        agency,
        agencyCode: agencyCodeText ?? (code.kind === 'localized' ? code.agencyCode : undefined),
        field,
        tiers,
        level,
        portalIntegrated,
        qd411,
        eligible,
        status,
        applicants,
        processingTime,
        fees,
        decision,
      },
      errors,
      warnings,
    };
  }
}
