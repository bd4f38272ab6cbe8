/**
 * The write side of an import, as the importer sees it: whatever the database, an import is recorded
 * (start), its rows are written a batch at a time (applyBatch), the file's agencies' unlisted offerings are
 * withdrawn (withdrawMissing), its counts are settled (finish), and then all of it is committed or rolled
 * back: one transaction around the whole import. Every call is asynchronous, and the store hands back the
 * ids of what it wrote, so that a backend which needs a round trip per statement (PostgreSQL, issue #16)
 * can sit behind the same interface. SQLite's implementation is db/sqlite-import-store.ts, PostgreSQL's
 * db/postgres-import-store.ts.
 */
import type { DetailKey, ImportRow } from '../domain/import-fields';
import type { CatalogueDb } from './connection';
import type { Flag } from './schema';
import { PostgresImportStore } from './postgres-import-store';
import { SqliteImportStore } from './sqlite-import-store';

/**
 * What the importer hands over for one row (domain/import-fields.ts). For offering flags, `undefined` means
 * "the file has no such column": keep what is stored. For procedure details, an empty cell (null) also keeps
 * what is stored.
 */
export type OfferingInput = Omit<ImportRow, 'line'>;

export type RowOutcome = 'inserted' | 'updated' | 'unchanged' | 'withdrawn';

/** The tracked state of an offering before and after a row, for previews. */
export interface OfferingState {
  level: number;
  portalIntegrated: Flag;
  status: 'current' | 'withdrawn';
}

/** What became of one row: its offering (new or existing), the agency's id, the state before and after. */
export interface AppliedRow {
  outcome: RowOutcome;
  offeringId: number;
  agencyId: number;
  before: OfferingState | null;
  after: OfferingState;
}

export interface ImportRecordInput {
  fileName: string;
  sha256: string;
  sizeBytes: number;
  encoding: string;
  delimiter: string;
  effectiveDate: string;
  options: Record<string, unknown>;
  runBy: string;
  startedAt: string;
}

export interface ImportCounts {
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  withdrawn: number;
  rejected: number;
}

/** An offering withdrawn because the file no longer lists it. */
export interface WithdrawnOffering {
  code: string;
  agency: string;
  before: OfferingState;
}

/**
 * The values a procedure's rows settled on (the most frequent of each column where rows disagreed), for the
 * columns where that is not what the rows were written with: name, field (by name) and details.
 */
export interface ProcedureSettlement {
  code: string;
  values: Partial<Record<'name' | 'field' | DetailKey, string>>;
}

export interface ImportStore {
  /** Records the import itself (history rows written afterwards point at it); returns its id. */
  start(record: ImportRecordInput): Promise<number>;
  /**
   * Upserts these rows by (procedure code, agency), in order, recording every change of level, integration
   * or status in the history. Returns one answer per row, in the same order.
   */
  applyBatch(rows: readonly OfferingInput[]): Promise<AppliedRow[]>;
  /**
   * Marks withdrawn (never deletes) the current offerings of these agencies that are not in `listed` (the
   * offering ids applyBatch returned); calls back with each one. Returns how many.
   */
  withdrawMissing(agencyIds: Iterable<number>, listed: ReadonlySet<number>, onWithdrawn?: (offering: WithdrawnOffering) => void): Promise<number>;
  /**
   * Once every row is written: gives these procedures their settled values (keeping their before-image, as a
   * row would), then drops the before-image of every procedure the import leaves as it found it. Returns how
   * many procedures that existed before the import it leaves with another name or other details.
   */
  settleProcedures(settled: readonly ProcedureSettlement[]): Promise<number>;
  /** Writes the import's counts and timing, and marks the catalogue changed when it is. */
  finish(counts: ImportCounts, finishedAt: string, durationMs: number): Promise<void>;
  commit(): Promise<void>;
  /** Undoes everything since the store was opened; harmless when nothing is open. */
  rollback(): Promise<void>;
}

/**
 * Opens an import's transaction on this connection (waiting, without blocking, for the catalogue's write
 * lock) and returns the store that writes inside it. Nothing else may use the connection until the store
 * has committed or rolled back.
 */
export async function openImportStore(db: CatalogueDb, effectiveDate: string, now: string): Promise<ImportStore> {
  await db.begin();
  try {
    return db.dialect === 'postgres' ? new PostgresImportStore(db, effectiveDate, now) : new SqliteImportStore(db, effectiveDate, now);
  } catch (error) {
    await db.rollback();
    throw error;
  }
}
