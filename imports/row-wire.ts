/**
 * How a batch of validated rows crosses from the worker thread: structured clone copies every object's
 * property names along with its values, so the rows without problems (nearly all of them) travel as one
 * flat array of values, and are rebuilt as objects on arrival. Half the copying, on both threads.
 */
import type { CheckedRow, HeaderOutcome, RowBatch } from './row-source';
import type { ImportRow } from './validate';

/** Values per packed row, in the order packRow writes them. */
const ROW_WIDTH = 18;

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
    else
      values.push(
        row.line,
        row.procedureCode,
        row.localCode,
        row.name,
        row.agency,
        row.agencyCode,
        row.field,
        row.tiers,
        row.level,
        row.portalIntegrated,
        row.qd411,
        row.eligible,
        row.status,
        row.applicants,
        row.processingTime,
        row.fees,
        row.decision,
        row.issuer,
      );
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
    const row: ImportRow = {
      line: v[next] as ImportRow['line'],
      procedureCode: v[next + 1] as ImportRow['procedureCode'],
      localCode: v[next + 2] as ImportRow['localCode'],
      name: v[next + 3] as ImportRow['name'],
      agency: v[next + 4] as ImportRow['agency'],
      agencyCode: v[next + 5] as ImportRow['agencyCode'],
      field: v[next + 6] as ImportRow['field'],
      tiers: v[next + 7] as ImportRow['tiers'],
      level: v[next + 8] as ImportRow['level'],
      portalIntegrated: v[next + 9] as ImportRow['portalIntegrated'],
      qd411: v[next + 10] as ImportRow['qd411'],
      eligible: v[next + 11] as ImportRow['eligible'],
      status: v[next + 12] as ImportRow['status'],
      applicants: v[next + 13] as ImportRow['applicants'],
      processingTime: v[next + 14] as ImportRow['processingTime'],
      fees: v[next + 15] as ImportRow['fees'],
      decision: v[next + 16] as ImportRow['decision'],
      issuer: v[next + 17] as ImportRow['issuer'],
    };
    next += ROW_WIDTH;
    rows[i] = { row, errors: [], warnings: [] };
  }
  const batch: RowBatch = { rows, bytesRead: packed.bytesRead };
  if (packed.header) batch.header = packed.header;
  if (packed.workbook) batch.workbook = packed.workbook;
  return batch;
}
