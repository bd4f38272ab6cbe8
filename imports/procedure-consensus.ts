/**
 * One procedure, one set of details per file. A list repeats a procedure's name, field and details on every
 * row of its offerings, and sometimes the rows disagree (one gives decision 2193/QĐ-UBND, another 1500/QĐ-UBND).
 * Written row after row, the last row would win and the procedure would change with the order of the file.
 * Instead, every column a procedure owns is tallied per code as the rows go by; rows are handed to the store
 * with the first value seen (so the store never flip-flops), and once every row is read the value most rows
 * give wins (a tie goes to the one seen first) and the store settles the procedures where that is not the
 * first. Memory holds, per code, its first values and a count per other distinct value: never the rows.
 */
import type { ProcedureSettlement } from '../db/import-store';
import { IMPORT_FIELDS, type ImportRow } from '../domain/import-fields';
import { coded } from './messages';
import type { RowProblem } from './validate';

/** A column of the procedure's own, as the row names it. */
type ProcedureKey = 'name' | 'field' | Extract<(typeof IMPORT_FIELDS)[number], { kind: 'detail' }>['key'];

/** The procedure's columns an import row carries (name, field, details): derived from domain/import-fields.ts. */
export const PROCEDURE_KEYS: readonly ProcedureKey[] = IMPORT_FIELDS.filter((f) => f.owner === 'procedure' && f.kind !== 'code').map((f) => f.key as ProcedureKey);


interface OtherValue {
  count: number;
  line: number;
}

/** One column of one code: its first value, how many rows gave it, and the other values (most codes have none). */
interface ColumnTally {
  first: string;
  line: number;
  count: number;
  others?: Map<string, OtherValue>;
}

export class ProcedureConsensus {
  private readonly codes = new Map<string, (ColumnTally | undefined)[]>();

  /** How many codes have rows that disagree. */
  get conflictedCodes(): number {
    let n = 0;
    for (const tallies of this.codes.values()) if (tallies.some((t) => t?.others)) n++;
    return n;
  }

  /**
   * Counts the row's values, and returns the row as the store should write it: each procedure column that
   * differs from the code's first value gets that first value (the same object when none differs).
   */
  observe(row: ImportRow): ImportRow {
    let tallies = this.codes.get(row.procedureCode);
    if (!tallies) {
      tallies = new Array<ColumnTally | undefined>(PROCEDURE_KEYS.length);
      this.codes.set(row.procedureCode, tallies);
    }
    let out: ImportRow | null = null;
    for (let i = 0; i < PROCEDURE_KEYS.length; i++) {
      const key = PROCEDURE_KEYS[i]!;
      const value = row[key];
      // An empty cell or a missing column says nothing about the procedure: it keeps what it has.
      if (value == null) continue;
      const tally = tallies[i];
      if (!tally) {
        tallies[i] = { first: value, line: row.line, count: 1 };
        continue;
      }
      if (value === tally.first) {
        tally.count++;
        continue;
      }
      tally.others ??= new Map();
      const other = tally.others.get(value);
      if (other) other.count++;
      else tally.others.set(value, { count: 1, line: row.line });
      out ??= { ...row };
      (out as Record<ProcedureKey, unknown>)[key] = tally.first;
    }
    return out ?? row;
  }

  /** Another offering of the same row (a cell naming several agencies): the procedure's values `written` has. */
  align(other: ImportRow, first: ImportRow, written: ImportRow): ImportRow {
    if (written === first) return other;
    const out = { ...other } as Record<ProcedureKey, unknown>;
    for (const key of PROCEDURE_KEYS) out[key] = written[key];
    return out as ImportRow;
  }

  /**
   * Once every row is read: the values to write where the most frequent is not the first, and one warning per
   * value left aside (on its first line, naming the line of the value kept).
   */
  settle(headerOf: (key: ProcedureKey) => string): { settled: ProcedureSettlement[]; warnings: RowProblem[] } {
    const settled: ProcedureSettlement[] = [];
    const warnings: RowProblem[] = [];
    for (const [code, tallies] of this.codes) {
      let values: ProcedureSettlement['values'] | null = null;
      for (let i = 0; i < tallies.length; i++) {
        const tally = tallies[i];
        if (!tally?.others) continue;
        const key = PROCEDURE_KEYS[i]!;
        // The most frequent value; on a tie, the one seen first (the smaller line).
        let kept = { value: tally.first, count: tally.count, line: tally.line };
        for (const [value, other] of tally.others) {
          if (other.count > kept.count || (other.count === kept.count && other.line < kept.line)) kept = { value, ...other };
        }
        if (kept.value !== tally.first) (values ??= {})[key] = kept.value;
        const all = [{ value: tally.first, count: tally.count, line: tally.line }, ...[...tally.others].map(([value, o]) => ({ value, ...o }))];
        const column = headerOf(key);
        for (const left of all) {
          if (left.value === kept.value) continue;
          const tie = left.count === kept.count;
          const problem = coded('procedure.details-differ', {
            code,
            column,
            kept: kept.value,
            keptLine: kept.line,
            keptRows: kept.count,
            other: left.value,
            otherRows: left.count,
            tie,
          });
          warnings.push({ line: left.line, column, value: left.value, ...problem });
        }
      }
      if (values) settled.push({ code, values });
    }
    warnings.sort((a, b) => a.line - b.line);
    return { settled, warnings };
  }
}
