/**
 * How a batch of validated rows crosses from the worker thread: structured clone copies every object's
 * property names along with its values, so the rows without problems (nearly all of them) travel as one
 * flat array of values, and are rebuilt as objects on arrival. Half the copying, on both threads.
 */
import type { CheckedRow, HeaderOutcome, RowBatch } from './row-source';
import { ROW_KEYS, type ImportRow } from '../domain/import-fields';

/** Values per packed row: one per property of an import row, in ROW_KEYS order. */
const ROW_WIDTH = ROW_KEYS.length;

export interface PackedBatch {
  header?: HeaderOutcome;
  workbook?: RowBatch['workbook'];
  bytesRead: number;
  count: number;
  /** ROW_WIDTH values for each row without problems, in file order. */
  values: unknown[];
  /** The rows with errors or warnings, as they are, each after its index in the batch. */
  others: unknown[];
}

export function packBatch(batch: RowBatch): PackedBatch {
  const values: unknown[] = [];
  const others: unknown[] = [];
  const rows = batch.rows;
  for (let i = 0; i < rows.length; i++) {
    const { row, also, errors, warnings } = rows[i];
    if (row === null || also !== undefined || errors.length > 0 || warnings.length > 0) others.push(i, rows[i]);
    else for (let k = 0; k < ROW_WIDTH; k++) values.push(row[ROW_KEYS[k]!]);
  }
  const packed: PackedBatch = { bytesRead: batch.bytesRead, count: rows.length, values, others };
  if (batch.header) packed.header = batch.header;
  if (batch.workbook) packed.workbook = batch.workbook;
  return packed;
}

export function unpackBatch(packed: PackedBatch): RowBatch {
  const { values: v, others } = packed;
  const rows: CheckedRow[] = new Array<CheckedRow>(packed.count);
  let next = 0;
  let other = 0;
  for (let i = 0; i < rows.length; i++) {
    if (other < others.length && others[other] === i) {
      rows[i] = others[other + 1] as CheckedRow;
      other += 2;
      continue;
    }
    const row = {} as Record<keyof ImportRow, unknown>;
    for (let k = 0; k < ROW_WIDTH; k++) row[ROW_KEYS[k]!] = v[next + k];
    next += ROW_WIDTH;
    rows[i] = { row: row as ImportRow, errors: [], warnings: [] };
  }
  const batch: RowBatch = { rows, bytesRead: packed.bytesRead };
  if (packed.header) batch.header = packed.header;
  if (packed.workbook) batch.workbook = packed.workbook;
  return batch;
}
