/**
 * Web uploads waiting for a preview, a confirmation or a cancel.
 */
import type { Kysely } from 'kysely';
import type { Database, UploadStatus } from './schema';
import type { ImportCounts } from './import-store';

export interface Upload {
  id: number;
  token: string;
  userId: number;
  fileName: string;
  storedPath: string;
  sizeBytes: number;
  sha256: string;
  /** sheet: the worksheet of a workbook to import (absent or null: its first). */
  options: { skipInvalid: boolean; withdrawMissing: boolean; asOf: string | null; sheet?: string | null };
  status: UploadStatus;
  report: unknown;
  previewVersion: number | null;
  importId: number | null;
  createdAt: string;
}

export async function createUpload(
  db: Kysely<Database>,
  upload: Omit<Upload, 'id' | 'status' | 'report' | 'previewVersion' | 'importId'> & { now: string },
): Promise<void> {
  await db
    .insertInto('import_upload')
    .values({
      token: upload.token,
      user_id: upload.userId,
      file_name: upload.fileName,
      stored_path: upload.storedPath,
      size_bytes: upload.sizeBytes,
      sha256: upload.sha256,
      options: JSON.stringify(upload.options),
      status: 'checking',
      report: null,
      preview_version: null,
      import_id: null,
      created_at: upload.createdAt,
      updated_at: upload.now,
    })
    .execute();
}

export async function findUpload(db: Kysely<Database>, token: string): Promise<Upload | null> {
  const row = await db.selectFrom('import_upload').selectAll().where('token', '=', token).executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    token: row.token,
    userId: row.user_id,
    fileName: row.file_name,
    storedPath: row.stored_path,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    options: JSON.parse(row.options) as Upload['options'],
    status: row.status,
    report: row.report ? (JSON.parse(row.report) as unknown) : null,
    previewVersion: row.preview_version,
    importId: row.import_id,
    createdAt: row.created_at,
  };
}

/** Moves an upload from one status to another; false when it was not in `from` (someone got there first). */
export async function moveUpload(
  db: Kysely<Database>,
  token: string,
  from: UploadStatus[],
  to: UploadStatus,
  now: string,
  extra: { report?: unknown; previewVersion?: number | null; importId?: number | null } = {},
): Promise<boolean> {
  const result = await db
    .updateTable('import_upload')
    .set({
      status: to,
      updated_at: now,
      ...(extra.report !== undefined ? { report: JSON.stringify(extra.report) } : {}),
      ...(extra.previewVersion !== undefined ? { preview_version: extra.previewVersion } : {}),
      ...(extra.importId !== undefined ? { import_id: extra.importId } : {}),
    })
    .where('token', '=', token)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Chooses the worksheet a previewed (or refused) workbook is checked on, and sends it back to be checked. */
export async function chooseUploadSheet(db: Kysely<Database>, upload: Upload, sheet: string, now: string): Promise<Upload | null> {
  const options = { ...upload.options, sheet };
  const result = await db
    .updateTable('import_upload')
    .set({ status: 'checking', options: JSON.stringify(options), report: null, updated_at: now })
    .where('token', '=', upload.token)
    .where('status', 'in', ['previewed', 'refused'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? { ...upload, options, status: 'checking', report: null } : null;
}

/** Checks a refused upload again, skipping its invalid rows (the clerk's choice on the preview): no new upload. */
export async function skipInvalidRows(db: Kysely<Database>, upload: Upload, now: string): Promise<Upload | null> {
  const options = { ...upload.options, skipInvalid: true };
  const result = await db
    .updateTable('import_upload')
    .set({ status: 'checking', options: JSON.stringify(options), report: null, updated_at: now })
    .where('token', '=', upload.token)
    .where('status', '=', 'refused')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? { ...upload, options, status: 'checking', report: null } : null;
}

/** The web upload an import was committed from (its previewed changes and errors file), if there was one. */
export async function findUploadOfImport(db: Kysely<Database>, importId: number): Promise<Upload | null> {
  const row = await db.selectFrom('import_upload').select('token').where('import_id', '=', importId).where('status', '=', 'committed').executeTakeFirst();
  return row ? findUpload(db, row.token) : null;
}

/** An import as /imports lists it: its file, its counts (those of the import writer) and when and by whom. */
export interface ImportRunSummary extends ImportCounts {
  id: number;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  encoding: string;
  delimiter: string;
  effectiveDate: string;
  runBy: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  status: 'committed' | 'undone';
}

const RUN_COLUMNS = [
  'id',
  'file_name as fileName',
  'sha256',
  'size_bytes as sizeBytes',
  'encoding',
  'delimiter',
  'rows_read as rowsRead',
  'inserted',
  'updated',
  'unchanged',
  'withdrawn',
  'rejected',
  'effective_date as effectiveDate',
  'run_by as runBy',
  'started_at as startedAt',
  'finished_at as finishedAt',
  'duration_ms as durationMs',
  'status',
] as const;

export async function listImportRuns(db: Kysely<Database>, limit: number, offset: number): Promise<{ total: number; runs: ImportRunSummary[] }> {
  const total = await db.selectFrom('import_run').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const runs = await db.selectFrom('import_run').select(RUN_COLUMNS).orderBy('id', 'desc').limit(limit).offset(offset).execute();
  return { total: Number(total.n), runs: runs.map((r) => ({ ...r, sizeBytes: Number(r.sizeBytes) })) };
}

export async function findImportRun(db: Kysely<Database>, id: number): Promise<ImportRunSummary | null> {
  const run = await db.selectFrom('import_run').select(RUN_COLUMNS).where('id', '=', id).executeTakeFirst();
  return run ? { ...run, sizeBytes: Number(run.sizeBytes) } : null;
}

/** Marks when an import was undone on the upload it came from: its kept files go a while after (housekeeping). */
export async function touchUploadOfImport(db: Kysely<Database>, importId: number, now: string): Promise<void> {
  await db.updateTable('import_upload').set({ updated_at: now }).where('import_id', '=', importId).where('status', '=', 'committed').execute();
}
