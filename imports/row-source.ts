/**
 * The half of an import that needs no database: read and decode the file, skip blank records, map the
 * header, validate every row. It is pure, so it runs the same in the importing thread or in a worker thread
 * beside the writer (imports/row-worker.ts), and the writer gets the same batches either way.
 */
import type { FileInspection } from './detect';
import { mapHeader, type HeaderMapping, type HeaderProblem } from './headers';
import { readRecordBatches } from './read';
import { RowValidator, type ImportRow, type RowProblem } from './validate';

export interface HeaderOutcome {
  /** The line of the header: the first record that is not blank. */
  line: number;
  mapping: Pick<HeaderMapping, 'mapped' | 'ignored'>;
  /** Not empty: the file is refused, and no batch follows. */
  problems: HeaderProblem[];
}

/** A data record after validation: the row to write (null when it has errors), its errors and warnings. */
export interface CheckedRow {
  row: ImportRow | null;
  errors: RowProblem[];
  warnings: RowProblem[];
}

/** Plain data only: a batch may cross from a worker thread by structured clone. */
export interface RowBatch {
  /** On the batch whose records include the header. */
  header?: HeaderOutcome;
  rows: CheckedRow[];
  /** Bytes of the file read so far. */
  bytesRead: number;
}

/** A record with nothing but blanks in it (an empty line, or a row of empty cells) is skipped. */
function isBlank(cells: string[]): boolean {
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (cell !== '' && cell.trim() !== '') return false;
  }
  return true;
}

/**
 * The file's validated rows, in file order, a parser's worth at a time. Stops after a header with problems;
 * throws CsvSyntaxError (after the batches before it) when the file is not readable as CSV.
 */
export async function* checkedBatches(filePath: string, inspection: FileInspection): AsyncGenerator<RowBatch> {
  let bytesRead = 0;
  let bytesYielded = -1;
  let validator: RowValidator | null = null;
  for await (const records of readRecordBatches(filePath, inspection, (n) => (bytesRead = n))) {
    const batch: RowBatch = { rows: [], bytesRead };
    for (const record of records) {
      if (isBlank(record.cells)) continue;
      if (!validator) {
        const { mapping, problems } = mapHeader(record.cells);
        batch.header = { line: record.line, mapping: { mapped: mapping.mapped, ignored: mapping.ignored }, problems };
        if (problems.length > 0) {
          yield batch;
          return;
        }
        validator = new RowValidator(mapping);
        continue;
      }
      batch.rows.push(validator.validate(record.line, record.cells));
    }
    if (batch.header || batch.rows.length > 0 || bytesRead !== bytesYielded) {
      bytesYielded = batch.bytesRead;
      yield batch;
    }
  }
  // The last bytes may hold no record (a final blank line): report them read all the same.
  if (bytesRead !== bytesYielded) yield { rows: [], bytesRead };
}
