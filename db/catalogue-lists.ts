/**
 * The catalogue index as the list service asks it: every question answered asynchronously, either by an index
 * in this thread (`LocalLists`) or by one built and kept in a reader thread (`IndexThread`), so that a crowd of
 * distinct searches and filters is counted and paged on the second core while this thread routes, reads the
 * page's rows and renders. The database stays the source of truth: the columns are read here, with the
 * portable loader (db/catalogue-index-loader.ts), then handed to the thread, which builds the index from them.
 */
import { Worker } from 'node:worker_threads';
import type { CatalogueColumns, CatalogueIndex } from './catalogue-index';
import { threadEntry } from './thread-entry';

/** What the list service asks the index. */
type Queries = Pick<CatalogueIndex, 'shownCounts' | 'page' | 'matchingIds' | 'suggestion' | 'names' | 'shownGroupCounts' | 'groupPage' | 'places' | 'coverage' | 'quarter' | 'tiersInUse'>;
export type QueryName = keyof Queries;

export interface CatalogueLists {
  /** The catalogue version served (moved on when the version changes but not the offerings). */
  version: number;
  readonly content: string;
  readonly size: number;
  ask<K extends QueryName>(method: K, ...args: Parameters<Queries[K]>): Promise<ReturnType<Queries[K]>>;
}

/** An index in this thread. */
export class LocalLists implements CatalogueLists {
  constructor(private readonly index: CatalogueIndex) {}
  get version() {
    return this.index.version;
  }
  set version(version: number) {
    this.index.version = version;
  }
  get content() {
    return this.index.content;
  }
  get size() {
    return this.index.size;
  }
  async ask<K extends QueryName>(method: K, ...args: Parameters<Queries[K]>): Promise<ReturnType<Queries[K]>> {
    return (this.index[method] as (...a: unknown[]) => ReturnType<Queries[K]>)(...args);
  }
}

/** Messages to the thread and its answers (db/catalogue-index-worker.ts). */
export type ThreadRequest =
  | { id: number; type: 'build'; loadId: number; columns: CatalogueColumns; options: { spelling?: boolean } }
  | { id: number; type: 'ask'; loadId: number; method: QueryName; args: unknown[] };
export type ThreadAnswer = { id: number; result: unknown } | { id: number; error: string; stack?: string };

/** How many indexes the thread keeps: the newest, and the one before for answers begun while it loaded. */
export const KEPT_INDEXES = 2;

/**
 * The reader thread: started on the first load, kept while indexes are asked. If it dies, every pending
 * question fails, `onLost` is told (so the caller loads again, which starts a new thread).
 */
export class IndexThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private nextLoad = 1;

  constructor(
    private readonly onLost: () => void = () => undefined,
    private readonly options: { spelling?: boolean } = {},
  ) {}

  private start(): Worker {
    if (this.worker) return this.worker;
    const { file, execArgv } = threadEntry(__dirname, 'catalogue-index-worker', __filename);
    const worker = new Worker(file, { execArgv });
    worker.unref();
    worker.on('message', (answer: ThreadAnswer) => {
      const waiting = this.pending.get(answer.id);
      if (!waiting) return;
      this.pending.delete(answer.id);
      if (this.pending.size === 0) worker.unref();
      if ('error' in answer) {
        const error = new Error(answer.error);
        if (answer.stack) error.stack = `${error.stack}\nIn the reader thread: ${answer.stack}`;
        waiting.reject(error);
      } else waiting.resolve(answer.result);
    });
    const lost = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
      this.onLost();
    };
    worker.on('error', (error) => lost(new Error(`The catalogue's reader thread failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => lost(new Error(`The catalogue's reader thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private send(request: DistributiveOmit<ThreadRequest, 'id'>, transfer: ArrayBuffer[] = []): Promise<unknown> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...request, id }, transfer);
    });
  }

  /** Hands the columns to the thread (their arrays moved, not copied: they are unusable here after) and waits for the index. */
  async build(columns: CatalogueColumns): Promise<CatalogueLists> {
    const loadId = this.nextLoad++;
    const o = columns.offerings;
    const h = columns.history;
    const arrays = [o.id, o.procedureId, o.agencyId, o.level, o.portal, o.qd411, o.eligible, o.current, o.localCodeAt, o.tierOffering, o.tierCode, h.offeringId, h.date, h.level, h.portal, h.qd411, h.eligible, h.current];
    const transfer = [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
    const { size } = (await this.send({ type: 'build', loadId, columns, options: this.options }, transfer)) as { size: number };
    const ask = (method: QueryName, args: unknown[]) => this.send({ type: 'ask', loadId, method, args });
    const lists: CatalogueLists = {
      version: columns.version,
      content: columns.content,
      size,
      ask: (method, ...args) => ask(method, args) as never,
    };
    return lists;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
