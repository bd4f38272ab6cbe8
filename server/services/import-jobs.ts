/**
 * Web imports run here, one at a time, on their own database connection: a preview (a dry run that rolls
 * back) and then, once confirmed, the real import. Readers on the main connection keep seeing the last
 * committed catalogue meanwhile, and the event loop keeps serving other visitors between chunks of the file.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import readline from 'node:readline';
import type { CatalogueDb } from '../../db/connection';
import { audit } from '../../db/account-repository';
import { catalogueVersion } from '../../db/catalogue-repository';
import { moveUpload, type Upload } from '../../db/upload-repository';
import type { UndoResult } from '../../db/undo-import';
import { undoImportAside } from '../../db/undo-thread';
import { findProgress, saveProgress, undoWorkKey, uploadWorkKey, type WorkProgress } from '../../db/progress-repository';
import { ProgressReporter } from './progress-reporter';
import { inspectFile } from '../../imports/detect';
import { openProblemsCsv } from '../../imports/report-format';
import { importFileAside } from '../../imports/import-thread';
import { type ImportReport, type OfferingChange } from '../../imports/run-import';
import { type Clock } from '../../domain/time';

export type StoredReport = ImportReport & { renewed?: boolean };

export const CHANGES_PAGE_SIZE = 50;

export function changesPath(upload: Pick<Upload, 'storedPath'>): string {
  return `${upload.storedPath}.changes.jsonl`;
}
export function errorsPath(upload: Pick<Upload, 'storedPath'>): string {
  return `${upload.storedPath}.errors.csv`;
}

/** The uploaded file and what its preview wrote beside it. */
export async function removeUploadFiles(upload: Pick<Upload, 'storedPath'>): Promise<void> {
  await Promise.all([upload.storedPath, changesPath(upload), errorsPath(upload)].map((file) => fsp.rm(file, { force: true })));
}

export class ImportJobs {
  private queue: Promise<void> = Promise.resolve();
  private readonly done = new Map<string, Promise<void>>();
  private readonly undos = new Map<number, Promise<UndoResult>>();
  private writer: CatalogueDb | null = null;

  constructor(
    private readonly db: CatalogueDb,
    private readonly clock: Clock,
    private readonly log: (error: unknown) => void,
  ) {}

  /**
   * What an upload's check or commit, or an undo, has counted so far: read from the shared store, so that a
   * page served by another app instance than the one doing the work shows it too.
   */
  progressOf(key: { token: string } | { undo: number }): Promise<WorkProgress | null> {
    return findProgress(this.db.kysely, 'token' in key ? uploadWorkKey(key.token) : undoWorkKey(key.undo));
  }

  private reporter(key: string, userId: number, phase: WorkProgress['phase'], total: number | null, totalBytes: number): ProgressReporter {
    return new ProgressReporter(this.db.kysely, { key, userId, phase, total, totalBytes }, () => this.now(), this.log);
  }

  /** Waits up to `ms` for the token's job to finish (small files go straight to their result page). */
  async wait(token: string, ms: number): Promise<void> {
    const job = this.done.get(token);
    if (!job) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([job, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  preview(upload: Upload, renewed = false): void {
    this.enqueue(upload.token, () => this.runPreview(upload, renewed));
  }

  /** Commits a previewed upload: exactly the previewed file, and only if the catalogue has not changed since. */
  commit(upload: Upload, username: string, address: string | null): void {
    this.enqueue(upload.token, async () => {
      const inspection = await inspectFile(upload.storedPath).catch(() => null);
      if (!inspection || inspection.sha256 !== upload.sha256) throw new Error(`Upload ${upload.token}: the stored file no longer matches its hash`);
      const version = await catalogueVersion(this.db.kysely);
      if (version !== upload.previewVersion) {
        await moveUpload(this.db.kysely, upload.token, ['committing'], 'checking', this.now());
        await this.runPreview(upload, true);
        return;
      }
      // The preview read every row of this same file: its count is the total the commit moves towards.
      const previewed = (upload.report as StoredReport | null)?.counts.rowsRead ?? null;
      const progress = this.reporter(uploadWorkKey(upload.token), upload.userId, 'committing', previewed, upload.sizeBytes);
      const report = await importFileAside(
        this.writerDb(),
        upload.storedPath,
        {
          ...this.importOptions(upload),
          runBy: username,
          onProgress: (bytesRead, _totalBytes, rows) => progress.update(rows, bytesRead),
        },
        this.clock,
      ).catch(async (error: unknown) => {
        await progress.finish('failed');
        throw error;
      });
      const now = this.now();
      if (report.status !== 'imported') {
        await moveUpload(this.db.kysely, upload.token, ['committing'], 'refused', now, { report });
        await progress.finish('finished');
        return;
      }
      await moveUpload(this.db.kysely, upload.token, ['committing'], 'committed', now, { report, importId: report.importId });
      await progress.finish('finished');
      await audit(this.db.kysely, {
        at: now,
        actor: username,
        action: 'import-committed',
        detail: { importId: report.importId, file: upload.fileName, ...report.counts },
        address,
      });
      // The changes and the errors file stay with the import (its page shows them); the uploaded file goes.
      fsp.rm(upload.storedPath, { force: true }).catch(this.log);
    });
  }

  /**
   * Undoes an import on the writer's connection, in turn with the imports: the main connection keeps serving
   * readers and sign-ins meanwhile. An import's undo runs once: asked again while it is under way on this
   * instance, the same undo is handed back (`joined`). Its progress row is written only once the undo has
   * passed its checks (inside the catalogue's lock), so a second undo that finds the import already undone —
   * on another instance, say — never overwrites the first one's progress or outcome.
   */
  undo(importId: number, now: string, by: { userId: number; offerings: () => Promise<number> }): { result: Promise<UndoResult>; joined: boolean } {
    const under = this.undos.get(importId);
    if (under) return { result: under, joined: true };
    const key = undoWorkKey(importId);
    const run = this.queue.then(async () => {
      const total = await by.offerings();
      let progress: ProgressReporter | null = null;
      const started = () => (progress ??= this.reporter(key, by.userId, 'undoing', total, 0));
      try {
        const result = await undoImportAside(this.writerDb(), importId, now, (done) => started().update(done), started);
        if (progress) await (progress as ProgressReporter).finish('finished', result);
        else await this.recordUnlessShown(key, by.userId, total, 'finished', result);
        return result;
      } catch (error) {
        // A large undo's request may have moved on to its progress page: the failure is logged here.
        this.log(error);
        if (progress) await (progress as ProgressReporter).finish('failed');
        else await this.recordUnlessShown(key, by.userId, total, 'failed');
        throw error;
      }
    });
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.undos.set(importId, run);
    this.queue = settled.finally(() => this.undos.delete(importId));
    return { result: run, joined: false };
  }

  /** Whether this instance has an undo of the import queued or running. */
  undoUnderWay(importId: number): boolean {
    return this.undos.has(importId);
  }

  /**
   * An undo that stopped before it started (refused, or already done elsewhere) leaves its outcome for a page
   * that waits on it, unless the row already shows work under way or an undo that succeeded.
   */
  private async recordUnlessShown(key: string, userId: number, total: number, state: 'finished' | 'failed', result?: UndoResult): Promise<void> {
    const shown = await findProgress(this.db.kysely, key).catch(() => null);
    if (shown && (shown.state === 'running' || (shown.result as UndoResult | null)?.ok === true)) return;
    const now = this.now();
    await saveProgress(this.db.kysely, { key, userId, phase: 'undoing', state, done: 0, total, bytesRead: 0, totalBytes: 0, rate: null, result, startedAt: now, updatedAt: now }).catch(this.log);
  }

  removeFiles(upload: Upload): void {
    removeUploadFiles(upload).catch(this.log);
  }

  /** One page of the previewed changes, read from the file the preview wrote. */
  async changes(upload: Upload, page: number): Promise<OfferingChange[]> {
    const file = changesPath(upload);
    if (!fs.existsSync(file)) return [];
    const skip = (page - 1) * CHANGES_PAGE_SIZE;
    const out: OfferingChange[] = [];
    const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
    let index = 0;
    for await (const line of lines) {
      if (index++ < skip) continue;
      out.push(JSON.parse(line) as OfferingChange);
      if (out.length >= CHANGES_PAGE_SIZE) break;
    }
    lines.close();
    return out;
  }

  async close(): Promise<void> {
    await this.queue;
    if (this.writer && this.writer !== this.db) await this.writer.close();
  }

  private async runPreview(upload: Upload, renewed: boolean): Promise<void> {
    const progress = this.reporter(uploadWorkKey(upload.token), upload.userId, 'checking', null, upload.sizeBytes);
    const changes = fs.createWriteStream(changesPath(upload));
    const problems = openProblemsCsv(errorsPath(upload));
    let report: ImportReport;
    try {
      report = await importFileAside(
        this.writerDb(),
        upload.storedPath,
        {
          ...this.importOptions(upload),
          dryRun: true,
          previewValid: true,
          onChange: (change) => void changes.write(`${JSON.stringify(change)}\n`),
          onProblem: (p, severity) => problems.write(p, severity),
          onProgress: (bytesRead, _totalBytes, rows) => progress.update(rows, bytesRead),
        },
        this.clock,
      );
    } catch (error) {
      await progress.finish('failed');
      throw error;
    } finally {
      await new Promise((resolve) => changes.end(resolve));
      await problems.close();
    }
    const version = await catalogueVersion(this.db.kysely);
    const stored: StoredReport = { ...report, renewed };
    await moveUpload(this.db.kysely, upload.token, ['checking'], report.status === 'refused' ? 'refused' : 'previewed', this.now(), {
      report: stored,
      previewVersion: version,
    });
    await progress.finish('finished');
  }

  private importOptions(upload: Upload) {
    return {
      skipInvalid: upload.options.skipInvalid,
      withdrawMissing: upload.options.withdrawMissing,
      asOf: upload.options.asOf ?? undefined,
      sheet: upload.options.sheet ?? undefined,
      fileName: upload.fileName,
    };
  }

  private enqueue(token: string, job: () => Promise<void>): void {
    const run = this.queue.then(job).catch(async (error: unknown) => {
      this.log(error);
      await moveUpload(this.db.kysely, token, ['checking', 'committing'], 'failed', this.now()).catch(this.log);
    });
    const finished = run.finally(() => {
      this.done.delete(token);
    });
    this.done.set(token, finished);
    this.queue = finished;
  }

  private writerDb(): CatalogueDb {
    this.writer ??= this.db.openAnother();
    return this.writer;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
