/**
 * A SQLite checkpoint in a thread of its own: copies what the write-ahead log holds into the database file
 * on a connection of that thread (db/checkpoint-worker.ts). A commit that wrote an import's worth of pages
 * would otherwise copy them all in the committing statement, synchronously: 1.8 s for a re-import changing
 * 850,000 of 1,000,000 offerings, holding every page the app serves meanwhile.
 */
import { Worker } from 'node:worker_threads';
import { threadEntry } from './thread-entry';

export interface CheckpointWorkerInput {
  location: string;
}

export type CheckpointMessage = { type: 'done'; frames: number; copied: number } | { type: 'error'; message: string };

/**
 * Checkpoints the file at `location` passively (it waits for no reader or writer) and tells how many of the
 * log's frames it copied. Never fails: a checkpoint left undone is done by the next one, or by SQLite's own
 * after a later commit on another connection.
 */
export function checkpointAside(location: string): Promise<CheckpointMessage> {
  const { file, execArgv } = threadEntry(__dirname, 'checkpoint-worker', __filename);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (message: CheckpointMessage) => {
      if (settled) return;
      settled = true;
      resolve(message);
    };
    const worker = new Worker(file, { workerData: { location } satisfies CheckpointWorkerInput, execArgv });
    // A checkpoint does not keep the process alive: one cut short is done by the next.
    worker.unref();
    worker.on('message', settle);
    worker.on('error', (error) => settle({ type: 'error', message: error.message }));
    worker.on('exit', (code) => settle({ type: 'error', message: `the checkpoint's thread stopped (exit code ${code})` }));
  });
}
