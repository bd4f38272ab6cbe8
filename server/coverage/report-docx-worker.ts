/**
 * The quarterly report's Word document, written in a thread of its own (started by report-docx-thread.ts):
 * the same reportDocx, its agencies' rows received in parts, its bytes handed back without a copy.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { reportDocx, type ReportDocumentInput } from './coverage-docx';
import type { DocxMessage, DocxPart } from './report-docx-thread';

const port = parentPort;
if (!port) throw new Error('report-docx-worker runs as a worker thread');
const post = (message: DocxMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

const input = workerData as ReportDocumentInput;
// The agencies' rows and the gaps come in parts after the start (report-docx-thread.ts feed), then the end.
port.on('message', (part: DocxPart) => {
  if (part.type === 'agencies') input.report.agencies.push(...part.rows);
  else if (part.type === 'gaps') input.report.gaps.push(...part.rows);
  else {
    port.removeAllListeners('message');
    reportDocx(input)
      .then((buffer) => {
        // A Buffer may share a pool with others: hand back a view on an array of its own.
        const bytes = new Uint8Array(buffer);
        post({ type: 'result', bytes }, [bytes.buffer as ArrayBuffer]);
      })
      .catch((error: Error) => post({ type: 'error', message: error.message, stack: error.stack }))
      .finally(() => port.close());
  }
});
