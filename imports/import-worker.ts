/**
 * An import in a thread of its own (started by imports/import-thread.ts): opens its own connection to the SQLite
 * file and runs the same import, sending the changes and problems it finds (in batches, in order), its progress
 * and its report back. The clock is the starting thread's: asked through shared memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection';
import type { Clock } from '../domain/time';
import type { ImportMessage, ImportWorkerInput } from './import-thread';
import { importFile, type OfferingChange } from './run-import';
import type { RowProblem } from './validate';

const port = parentPort;
if (!port) throw new Error('import-worker runs as a worker thread');
const input = workerData as ImportWorkerInput;
const post = (message: ImportMessage) => port.postMessage(message);

const flag = new Int32Array(input.clock, 0, 1);
const time = new Float64Array(input.clock, 8, 1);
const clock: Clock = {
  now: () => {
    Atomics.store(flag, 0, 0);
    post({ type: 'now' });
    Atomics.wait(flag, 0, 0);
    return new Date(time[0]!);
  },
};

/** Changes and problems cross in batches: a re-import can change a million offerings. */
const BATCH = 500;
let changes: OfferingChange[] = [];
let problems: [RowProblem, 'error' | 'warning'][] = [];
const flush = () => {
  if (changes.length) post({ type: 'changes', changes });
  if (problems.length) post({ type: 'problems', problems });
  changes = [];
  problems = [];
};

(async () => {
  const db = openDatabase(`sqlite:${input.location}`);
  try {
    const report = await importFile(
      db,
      input.file,
      {
        ...input.options,
        onChange: input.wants.change
          ? (change) => {
              // Problems found before this change are sent before it, as the import found them.
              if (problems.length) flush();
              changes.push(change);
              if (changes.length >= BATCH) flush();
            }
          : undefined,
        onProblem: input.wants.problem
          ? (problem, severity) => {
              if (changes.length) flush();
              problems.push([problem, severity]);
              if (problems.length >= BATCH) flush();
            }
          : undefined,
        onProgress: input.wants.progress
          ? (bytesRead, totalBytes, rowsRead) => {
              flush();
              post({ type: 'progress', bytesRead, totalBytes, rowsRead });
            }
          : undefined,
      },
      clock,
    );
    flush();
    post({ type: 'result', report });
  } finally {
    await db.close();
  }
})().catch((error: Error) => {
  flush();
  post({ type: 'error', name: error.name, message: error.message, stack: error.stack });
});
