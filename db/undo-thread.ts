/**
 * Where an undo runs: for a SQLite file, in a worker thread with its own connection (db/undo-worker.ts), since
 * its statements are synchronous and a large undo's would hold the event loop for seconds; for PostgreSQL,
 * whose statements wait on the network, and for an in-memory database, which has one connection, here.
 * The same undo either way (db/undo-import.ts), with the same progress callbacks.
 */
import type { CatalogueDb } from './connection';
import { runInThread } from './thread-entry';
import { undoImport, type UndoResult } from './undo-import';

export interface UndoWorkerInput {
  location: string;
  importId: number;
  now: string;
}

export type UndoMessage =
  | { type: 'start' }
  | { type: 'progress'; done: number }
  | { type: 'result'; result: UndoResult }
  | { type: 'error'; message: string; stack?: string };

/**
 * Undoes an import: on `writer`, a connection nothing else uses meanwhile (the import jobs' writer), or for a
 * SQLite file on a connection of the undo's own thread, opened as the writer is (with a command line's long
 * wait for the write lock).
 */
export function undoImportAside(
  writer: CatalogueDb,
  importId: number,
  now: string,
  onProgress: (offeringsDone: number) => void,
  onStart: () => void,
): Promise<UndoResult> {
  if (writer.dialect !== 'sqlite' || writer.location === ':memory:') return undoImport(writer, importId, now, onProgress, onStart);
  const input: UndoWorkerInput = { location: writer.location, importId, now };
  return runInThread<UndoResult, UndoMessage>(__dirname, 'undo-worker', __filename, input, 'undo', (message, end) => {
    if (message.type === 'start') onStart();
    else if (message.type === 'progress') onProgress(message.done);
    else if (message.type === 'result') end.resolve(message.result);
    else end.reject(Object.assign(new Error(message.message), { stack: message.stack }));
  });
}
