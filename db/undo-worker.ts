/**
 * An import's undo in a thread of its own (started by db/undo-thread.ts): opens its own connection to the
 * SQLite file and runs the same undo, telling the starting thread when it starts, how far it has got, and
 * how it ended. better-sqlite3 is synchronous, so a large undo's statements would otherwise hold the event
 * loop of every page the app serves for seconds.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from './sqlite';
import { undoImport } from './undo-import';
import type { UndoMessage, UndoWorkerInput } from './undo-thread';

const port = parentPort;
if (!port) throw new Error('undo-worker runs as a worker thread');
const input = workerData as UndoWorkerInput;
const post = (message: UndoMessage) => port.postMessage(message);

(async () => {
  const db = openSqlite(input.location);
  try {
    const result = await undoImport(db, input.importId, input.now, (done) => post({ type: 'progress', done }), () => post({ type: 'start' }));
    post({ type: 'result', result });
  } finally {
    await db.close();
  }
})().catch((error: Error) => post({ type: 'error', message: error.message, stack: error.stack }));
