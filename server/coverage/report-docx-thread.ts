/**
 * Where the quarterly report's Word document is written: in a thread of its own (report-docx-worker.ts). The
 * docx library builds the whole document in one synchronous stretch; a national report of 7,646 agencies'
 * rows took 31 s of it, during which no other page was answered. The report crosses as data, its lists of
 * changes only counted, and the document's bytes come back.
 */
import { runInThread } from '../../db/thread-entry';
import type { DocumentReport, ReportDocumentInput } from './coverage-docx';
import type { QuarterReport } from '../services/coverage-service';
import type { ReportLetter } from './report-letter';

export type DocxMessage = { type: 'result'; bytes: Uint8Array } | { type: 'error'; message: string; stack?: string };

/** The report as the document reads it, copyable to another thread. */
export function documentReport(report: QuarterReport): DocumentReport {
  const { reachedLevel4, newlyIntegrated, withdrawn, added } = report.changes;
  return {
    ...report,
    changes: { reachedLevel4: { length: reachedLevel4.length }, newlyIntegrated: { length: newlyIntegrated.length }, withdrawn: { length: withdrawn.length }, added },
  };
}

export async function reportDocxAside(report: QuarterReport, letter: ReportLetter, sample: boolean): Promise<Buffer> {
  const input: ReportDocumentInput = { report: documentReport(report), letter, sample };
  const bytes = await runInThread<Uint8Array, DocxMessage>(__dirname, 'report-docx-worker', __filename, input, 'Word document', (message, end) => {
    if (message.type === 'result') end.resolve(message.bytes);
    else end.reject(Object.assign(new Error(message.message), { stack: message.stack }));
  });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
