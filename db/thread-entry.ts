/**
 * Where a worker thread's entry file is: beside the module that starts it, as `.js` in the build, or as the
 * TypeScript source in the tests, loaded through their require hook (test/support/register-ts.js).
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';

export function threadEntry(dir: string, base: string, starter: string): { file: string; execArgv: string[] | undefined } {
  const extension = path.extname(starter);
  const file = path.join(dir, `${base}${extension}`);
  if (extension !== '.ts') return { file, execArgv: undefined };
  return { file, execArgv: ['--require', path.join(__dirname, '..', 'test', 'support', 'register-ts.js')] };
}

/** What a worker's messages may do to the promise `runInThread` returns. */
export interface ThreadEnd<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

/**
 * Runs the worker `base` (beside `starter`) with `workerData` until it settles the returned promise through
 * `onMessage`; the worker failing, or stopping before it settled, rejects it, saying which work (`what`) stopped.
 */
export function runInThread<T, M>(
  dir: string,
  base: string,
  starter: string,
  workerData: unknown,
  what: string,
  onMessage: (message: M, end: ThreadEnd<T>) => void,
  /** Posts the rest of the input to the started thread, when it is too large to copy in one turn (workerData is). */
  feed?: (post: (message: unknown) => void) => Promise<void>,
): Promise<T> {
  const { file, execArgv } = threadEntry(dir, base, starter);
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const once = (settle: () => void) => {
      if (settled) return;
      settled = true;
      settle();
    };
    const end: ThreadEnd<T> = { resolve: (value) => once(() => resolve(value)), reject: (error) => once(() => reject(error)) };
    const worker = new Worker(file, { workerData, execArgv });
    worker.on('message', (message: M) => onMessage(message, end));
    worker.on('error', (error) => end.reject(error));
    worker.on('exit', (code) => end.reject(new Error(`the ${what}'s thread stopped (exit code ${code}) before it ended`)));
    feed?.((message) => worker.postMessage(message)).catch((error: unknown) => {
      end.reject(error as Error);
      void worker.terminate();
    });
  });
}
