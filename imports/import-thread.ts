/**
 * Where an import runs: for a SQLite file, in a worker thread with its own connection (imports/import-worker.ts),
 * since better-sqlite3's statements are synchronous and an import's own — above all its commit, which in one
 * statement writes what the transaction left in the page cache and then checkpoints the log into the file (0.27 s
 * after a re-import of 120,000 offerings, 2.3 s of 1,000,000) — would hold every page the app serves meanwhile;
 * for PostgreSQL, whose statements wait on the network, and for an in-memory database, which has one
 * connection, here. The same import either way (importFile), with the
 * same callbacks, called in the same order, and the same clock.
 */
import type { CatalogueDb } from '../db/connection';
import { DatabaseBusyError } from '../db/errors';
import { runInThread } from '../db/thread-entry';
import type { Clock } from '../domain/time';
import { importFile, type ImportOptions, type ImportReport, type OfferingChange } from './run-import';
import type { RowProblem } from './validate';

/** The options that cross to the thread: everything but the callbacks, which stay here. */
export type PlainImportOptions = Omit<ImportOptions, 'onChange' | 'onProblem' | 'onProgress'>;

export interface ImportWorkerInput {
  location: string;
  file: string;
  options: PlainImportOptions;
  /** Which callbacks the starting thread has: the thread sends only what is listened to. */
  wants: { change: boolean; problem: boolean; progress: boolean };
  /**
   * The clock, shared: the thread asks for the time (a 'now' message) and waits on `flag` until the starting
   * thread has written it into `time`, so that both threads' imports read the same clock (a test's fixed one too).
   */
  clock: SharedArrayBuffer;
}

export type ImportMessage =
  | { type: 'now' }
  | { type: 'changes'; changes: OfferingChange[] }
  | { type: 'problems'; problems: [RowProblem, 'error' | 'warning'][] }
  | { type: 'progress'; bytesRead: number; totalBytes: number; rowsRead: number }
  | { type: 'result'; report: ImportReport }
  | { type: 'error'; name: string; message: string; stack?: string };

/** The clock's shared memory: an Int32 flag (0 asked, 1 answered), then the time in ms as a Float64. */
export const CLOCK_BYTES = 16;

/**
 * Imports a file: on `writer` (a connection nothing else uses meanwhile: the import jobs' writer), or for a
 * SQLite file on a connection of the import's own thread, opened as the writer's default is (with a long wait
 * for the write lock).
 */
export function importFileAside(writer: CatalogueDb, file: string, options: ImportOptions, clock: Clock): Promise<ImportReport> {
  if (writer.dialect !== 'sqlite' || writer.location === ':memory:') return importFile(writer, file, options, clock);
  const { onChange, onProblem, onProgress, ...plain } = options;
  const shared = new SharedArrayBuffer(CLOCK_BYTES);
  const flag = new Int32Array(shared, 0, 1);
  const time = new Float64Array(shared, 8, 1);
  const input: ImportWorkerInput = {
    location: writer.location,
    file,
    options: plain,
    wants: { change: !!onChange, problem: !!onProblem, progress: !!onProgress },
    clock: shared,
  };
  return runInThread<ImportReport, ImportMessage>(__dirname, 'import-worker', __filename, input, 'import', (message, end) => {
    switch (message.type) {
      case 'now':
        time[0] = clock.now().getTime();
        Atomics.store(flag, 0, 1);
        Atomics.notify(flag, 0);
        break;
      case 'changes':
        for (const change of message.changes) onChange?.(change);
        break;
      case 'problems':
        for (const [problem, severity] of message.problems) onProblem?.(problem, severity);
        break;
      case 'progress':
        onProgress?.(message.bytesRead, message.totalBytes, message.rowsRead);
        break;
      case 'result':
        end.resolve(message.report);
        break;
      case 'error': {
        const error = message.name === 'DatabaseBusyError' ? new DatabaseBusyError(null) : new Error(message.message);
        end.reject(Object.assign(error, { stack: message.stack ?? error.stack }));
        break;
      }
    }
  });
}
