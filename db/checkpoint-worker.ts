/**
 * A checkpoint of a SQLite file in a thread of its own (started by db/checkpoint-thread.ts). PASSIVE: it copies
 * the frames no reader still needs and waits for nobody.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import type { CheckpointMessage, CheckpointWorkerInput } from './checkpoint-thread';

const port = parentPort;
if (!port) throw new Error('checkpoint-worker runs as a worker thread');
const { location } = workerData as CheckpointWorkerInput;
const post = (message: CheckpointMessage) => port.postMessage(message);

try {
  const raw = new BetterSqlite3(location, { fileMustExist: true });
  try {
    const [result] = raw.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    post({ type: 'done', frames: result?.log ?? 0, copied: result?.checkpointed ?? 0 });
  } finally {
    raw.close();
  }
} catch (error) {
  post({ type: 'error', message: (error as Error).message });
}
