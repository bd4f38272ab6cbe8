/**
 * Where the quarterly report's Word document is written: in a thread of its own (report-docx-worker.ts). The
 * docx library builds the whole document in one synchronous stretch; a national report of 7,646 agencies'
 * rows took 31 s of it, during which no other page was answered. The report crosses as data, its lists of
 * changes only counted and its agencies' rows in parts, and the document's bytes come back.
 */
import { runInThread } from '../../db/thread-entry';
import { nextTurn } from '../services/turns';
import type { DocumentReport, ReportDocumentInput } from './coverage-docx';
import type { QuarterReport } from '../services/coverage-service';
import type { ReportLetter } from './report-letter';

export type DocxMessage = { type: 'result'; bytes: Uint8Array } | { type: 'error'; message: string; stack?: string };

/** What the thread is posted after it starts: a slice of the agencies' rows or of the gaps, then the end. */
export type DocxPart = { type: 'agencies'; rows: DocumentReport['agencies'] } | { type: 'gaps'; rows: DocumentReport['gaps'] } | { type: 'end' };

/** Rows posted at a time: copying 7,646 agencies' rows to the thread in one message held the event loop for 50–70 ms. */
const ROWS_A_PART = 1000;

/** The report as the document reads it, copyable to another thread (its agencies and gaps posted in parts). */
export function documentReport(report: QuarterReport): DocumentReport {
  const { reachedLevel4, newlyIntegrated, withdrawn, added } = report.changes;
  const { options: _options, ...read } = report;
  return {
    ...read,
    changes: { reachedLevel4: { length: reachedLevel4.length }, newlyIntegrated: { length: newlyIntegrated.length }, withdrawn: { length: withdrawn.length }, added },
  };
}

/** `rowsAPart`: how many rows each part carries (a test makes many parts of a small report). */
export async function reportDocxAside(report: QuarterReport, letter: ReportLetter, sample: boolean, rowsAPart = ROWS_A_PART): Promise<Buffer> {
  const { agencies, gaps, ...rest } = documentReport(report);
  const input: ReportDocumentInput = { report: { ...rest, agencies: [], gaps: [] }, letter, sample };
  const feed = async (post: (part: DocxPart) => void): Promise<void> => {
    for (let from = 0; from < agencies.length; from += rowsAPart) {
      await nextTurn();
      post({ type: 'agencies', rows: agencies.slice(from, from + rowsAPart) });
    }
    for (let from = 0; from < gaps.length; from += rowsAPart) {
      await nextTurn();
      post({ type: 'gaps', rows: gaps.slice(from, from + rowsAPart) });
    }
    post({ type: 'end' });
  };
  const bytes = await runInThread<Uint8Array, DocxMessage>(
    __dirname,
    'report-docx-worker',
    __filename,
    input,
    'Word document',
    (message, end) => {
      if (message.type === 'result') end.resolve(message.bytes);
      else end.reject(Object.assign(new Error(message.message), { stack: message.stack }));
    },
    feed as (post: (message: unknown) => void) => Promise<void>,
  );
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
