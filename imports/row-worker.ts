/**
 * Worker thread entry (started by imports/row-thread.ts): runs the pure half of an import on one file and
 * posts its batches to the importing thread. It posts no more than `inFlight` batches ahead of the writer,
 * which acknowledges each one it has written, so a file of any size costs a few batches of memory.
 */
import os from 'node:os';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { FileInspection } from './detect';
import { CsvSyntaxError, FileReadError } from './read';
import type { Coded } from './messages';
import { checkedBatches } from './row-source';
import { packBatch, type PackedBatch } from './row-wire';

export interface WorkerInput {
  filePath: string;
  inspection: FileInspection;
  sheet: string | undefined;
  inFlight: number;
}

export type WorkerMessage =
  | { kind: 'batch'; batch: PackedBatch }
  | { kind: 'end' }
  /** csvLine is set for a CsvSyntaxError and problem for any FileReadError, which the importing thread rebuilds. */
  | { kind: 'failed'; message: string; stack: string | undefined; csvLine: number | null; problem: Coded | null };

async function run(port: MessagePort, input: WorkerInput): Promise<void> {
  // This thread only (on Linux a priority is a thread's): when the processors are busy, the web server's own
  // thread answers requests before the file is read further. On an idle machine it changes nothing.
  try {
    os.setPriority(0, Math.min(19, os.getPriority(0) + 10));
  } catch {
    // Not permitted here: read at the normal priority.
  }
  let credit = input.inFlight;
  let wake: (() => void) | null = null;
  port.on('message', () => {
    credit++;
    const w = wake;
    wake = null;
    w?.();
  });
  const post = (message: WorkerMessage): void => port.postMessage(message);
  try {
    for await (const batch of checkedBatches(input.filePath, input.inspection, input.sheet)) {
      post({ kind: 'batch', batch: packBatch(batch) });
      credit--;
      // Waiting here, before the next batch is read, also pauses the file stream.
      while (credit <= 0) await new Promise<void>((resolve) => (wake = resolve));
    }
    post({ kind: 'end' });
  } catch (error) {
    post({
      kind: 'failed',
      message: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
      csvLine: error instanceof CsvSyntaxError ? error.line : null,
      problem: error instanceof FileReadError ? error.problem : null,
    });
  }
  // Nothing more to wait for: let the thread end even if the importing thread never terminates it.
  port.unref();
}

if (parentPort) void run(parentPort, workerData as WorkerInput);
