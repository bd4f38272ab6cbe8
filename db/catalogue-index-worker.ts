/**
 * The catalogue's reader thread (started by db/catalogue-lists.ts): builds each index from the columns it is
 * handed and answers the list's questions on it, one at a time, while the main thread serves other requests.
 * Building yields between its steps, so questions on the previous index are answered meanwhile.
 */
import { parentPort } from 'node:worker_threads';
import { CatalogueIndex } from './catalogue-index';
import { KEPT_INDEXES, type ThreadAnswer, type ThreadRequest } from './catalogue-lists';

const port = parentPort;
if (!port) throw new Error('catalogue-index-worker runs as a worker thread');
const indexes = new Map<number, CatalogueIndex>();

async function answer(request: ThreadRequest): Promise<unknown> {
  if (request.type === 'build') {
    const index = await CatalogueIndex.build(request.columns, request.options);
    indexes.set(request.loadId, index);
    for (const loadId of [...indexes.keys()].sort((a, b) => a - b).slice(0, -KEPT_INDEXES)) indexes.delete(loadId);
    // After the answer that it is built has gone (this thread's time, not the main thread's).
    setImmediate(() => index.prepareReports());
    return { size: index.size };
  }
  const index = indexes.get(request.loadId);
  if (!index) throw new Error(`catalogue index ${request.loadId} is no longer kept`);
  return (index[request.method] as (...args: unknown[]) => unknown)(...request.args);
}

port.on('message', (request: ThreadRequest) => {
  answer(request).then(
    (result) => port.postMessage({ id: request.id, result } satisfies ThreadAnswer),
    (error: Error) => port.postMessage({ id: request.id, error: error.message, stack: error.stack } satisfies ThreadAnswer),
  );
});
