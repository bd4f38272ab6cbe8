/**
 * Writes long work's progress to the shared store as the work counts it: at most every WRITE_EVERY_MS and
 * never two writes at once (one small upsert; the work itself never waits for it), and a last write when the
 * work ends. Any app instance can then serve the page that polls it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { saveProgress, type WorkProgress } from '../../db/progress-repository';
import { RateWindow } from '../../domain/work-rate';

export const WRITE_EVERY_MS = 250;

type Start = Pick<WorkProgress, 'key' | 'userId' | 'phase' | 'total' | 'totalBytes'>;

export class ProgressReporter {
  private done = 0;
  private bytesRead = 0;
  private rate: number | null = null;
  private lastWrite = -Infinity;
  private writing: Promise<void> = Promise.resolve();
  private inFlight = false;
  private readonly window = new RateWindow();
  private readonly startedAt: string;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly start: Start,
    private readonly nowIso: () => string,
    private readonly log: (error: unknown) => void,
    private readonly monotonicMs: () => number = () => performance.now(),
  ) {
    this.startedAt = nowIso();
    this.window.add(this.monotonicMs(), 0);
    this.write('running');
  }

  /** The work has done `done` units (and read `bytesRead` of its file); counts only ever grow. */
  update(done: number, bytesRead = this.bytesRead): void {
    this.done = Math.max(this.done, done);
    this.bytesRead = Math.max(this.bytesRead, bytesRead);
    const at = this.monotonicMs();
    this.rate = this.window.add(at, this.done) ?? this.rate;
    if (this.inFlight || at - this.lastWrite < WRITE_EVERY_MS) return;
    this.write('running');
  }

  /** The last write: the work finished (with what it left, e.g. an undo's result) or failed. */
  async finish(state: 'finished' | 'failed', result?: unknown): Promise<void> {
    await this.writing;
    this.write(state, result);
    await this.writing;
  }

  private write(state: WorkProgress['state'], result?: unknown): void {
    this.lastWrite = this.monotonicMs();
    this.inFlight = true;
    const row = {
      ...this.start,
      state,
      done: this.done,
      bytesRead: this.bytesRead,
      rate: this.rate,
      result,
      startedAt: this.startedAt,
      updatedAt: this.nowIso(),
    };
    this.writing = this.writing
      .then(() => saveProgress(this.db, row))
      .catch(this.log)
      .finally(() => (this.inFlight = false));
  }
}
