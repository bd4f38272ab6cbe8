/**
 * The pure half of an import (imports/row-source.ts) run in a worker thread, so that reading, decoding,
 * parsing and validating use the second core while this thread writes. Yields the same batches as
 * checkedBatches, and the same CsvSyntaxError; the worker is terminated however the iteration ends.
 */
import { Worker } from 'node:worker_threads';
import { threadEntry } from '../db/thread-entry';
import type { FileInspection } from './detect';
import { CsvSyntaxError, FileReadError } from './read';
import type { RowBatch } from './row-source';
import type { WorkerInput, WorkerMessage } from './row-worker';
import { unpackBatch } from './row-wire';

/** Batches the worker may post before the writer has taken them: enough to keep both threads busy. */
const IN_FLIGHT = 4;

export async function* workerBatches(filePath: string, inspection: FileInspection, sheet?: string): AsyncGenerator<RowBatch> {
  const { file, execArgv } = threadEntry(__dirname, 'row-worker', __filename);
  const input: WorkerInput = { filePath, inspection, sheet, inFlight: IN_FLIGHT };
  const worker = new Worker(file, { workerData: input, execArgv });
  const inbox: WorkerMessage[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const signal = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  worker.on('message', (message: WorkerMessage) => {
    inbox.push(message);
    signal();
  });
  worker.on('error', (error) => {
    failure ??= new Error(`Luồng đọc tệp gặp lỗi: ${error.message}`, { cause: error });
    signal();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`Luồng đọc tệp dừng (mã thoát ${code}) trước khi đọc hết tệp.`);
    signal();
  });

  try {
    for (;;) {
      // Messages first: a thread that posted its last batches and then failed delivers both, in order.
      const message = inbox.shift();
      if (message === undefined) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (message.kind === 'end') return;
      if (message.kind === 'failed') {
        if (message.problem !== null && message.csvLine !== null) throw new CsvSyntaxError(message.problem, message.csvLine);
        if (message.problem !== null) throw new FileReadError(message.problem, null);
        const error = new Error(`Luồng đọc tệp gặp lỗi: ${message.message}`);
        if (message.stack) error.stack = `${error.stack}\nIn the thread: ${message.stack}`;
        throw error;
      }
      yield unpackBatch(message.batch);
      // Written: the worker may post one more.
      worker.postMessage(null);
    }
  } finally {
    await worker.terminate();
  }
}
