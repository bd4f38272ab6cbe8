/**
 * Kysely table types. Booleans are stored as 0/1 integers and dates as ISO-8601 text so that the same
 * queries run on SQLite and PostgreSQL.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { DetailColumn, DetailColumns } from '../domain/import-fields';

/** 0 or 1; null where the import did not say. */
export type Flag = 0 | 1 | null;

/** A stored flag as JSON gives it: true, false, or null where the import did not say. */
export function flagValue(value: number | null): boolean | null {
  return value === null ? null : value === 1;
}

export interface AgencyTable {
  id: Generated<number>;
  name: string;
  name_key: string;
  slug: string;
  code: string | null;
  /** Who to call (migration 15), from the agency's own list: shown as written; email, phone and website checked again when shown. */
  address: string | null;
  phone: string | null;
  email: string | null;
  opening_hours: string | null;
  website: string | null;
  contacts_updated_at: string | null;
  created_at: string;
}

export interface FieldTable {
  id: Generated<number>;
  name: string;
  name_key: string;
  slug: string;
  created_at: string;
}

/** A procedure; its free-text details (applicants, fees, the issuing body…) are the columns domain/import-fields.ts lists. */
export interface ProcedureTable extends DetailColumns {
  id: Generated<number>;
  code: string;
  name: string;
  field_id: number | null;
  /** Folded name and code, for diacritic-insensitive search. */
  search_text: string;
  created_at: string;
  updated_at: string;
}

export interface OfferingTable {
  id: Generated<number>;
  procedure_id: number;
  agency_id: number;
  /** The localized code as imported (1.001612.000.00.00.H48), when the file gave one. */
  local_code: string | null;
  /** Canonical comma-separated tier identifiers, e.g. "province,commune"; '' when unknown. */
  tiers: string;
  level: number;
  portal_integrated: Flag;
  qd411: Flag;
  eligible: Flag;
  status: 'current' | 'withdrawn';
  /** Where it is done online: an http(s) address the importer checked (checked again when shown); null when none was imported. */
  online_url: string | null;
  /** Effective date (YYYY-MM-DD) of the latest recorded change. */
  effective_date: string;
  import_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface OfferingTierTable {
  offering_id: number;
  tier: string;
}

/** 'undone': the offering was put back as it was before an import that an administrator undid. */
export type HistoryChange = 'created' | 'updated' | 'withdrawn' | 'restored' | 'undone';

export interface OfferingHistoryTable {
  id: Generated<number>;
  offering_id: number;
  import_id: number | null;
  effective_date: string;
  change: HistoryChange;
  level: number;
  portal_integrated: Flag;
  qd411: Flag;
  eligible: Flag;
  status: 'current' | 'withdrawn';
  recorded_at: string;
}

/** An existing offering's fields the history does not keep, as they were before an import changed them. */
export interface OfferingBeforeTable {
  import_id: number;
  offering_id: number;
  local_code: string | null;
  tiers: string;
  online_url: string | null;
  previous_import_id: number | null;
  previous_effective_date: string;
}

/** A procedure's name and the details its offerings share: what an import may change. */
export type ProcedureDetails = Pick<ProcedureTable, 'name' | 'field_id' | DetailColumn>;

/** An existing procedure's name and details as they were before an import changed them. */
export interface ProcedureBeforeTable extends ProcedureDetails {
  import_id: number;
  procedure_id: number;
}

export interface ImportRunTable {
  id: Generated<number>;
  file_name: string;
  sha256: string;
  size_bytes: number;
  encoding: string;
  delimiter: string;
  rows_read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  withdrawn: number;
  rejected: number;
  effective_date: string;
  /** JSON of the options the import ran with. */
  options: string;
  run_by: string;
  started_at: string;
  finished_at: ColumnType<string | null, string | null, string | null>;
  duration_ms: number | null;
  status: 'committed' | 'undone';
}

export interface CatalogueStateTable {
  id: number;
  /** Goes up with every committed change to the catalogue. */
  version: number;
  changed_at: string | null;
}

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  role: 'admin' | 'staff';
  disabled: number;
  created_at: string;
  password_changed_at: string;
}

export interface UserSessionTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  /** Lower case, as typed (an unknown name is throttled like a known one). */
  username: string;
  address: string;
  at: string;
  outcome: 'pending' | 'failed';
}

/** A user and an address they signed in from, and when they last did. */
export interface KnownSignInTable {
  username: string;
  address: string;
  last_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  /** JSON. */
  detail: string;
  address: string | null;
}

export type UploadStatus = 'checking' | 'previewed' | 'committing' | 'committed' | 'refused' | 'cancelled' | 'failed';

export interface ImportUploadTable {
  id: Generated<number>;
  token: string;
  user_id: number;
  file_name: string;
  stored_path: string;
  size_bytes: number;
  sha256: string;
  /** JSON of the import options chosen. */
  options: string;
  status: UploadStatus;
  /** JSON of the latest report (preview or commit). */
  report: string | null;
  /** The catalogue version the preview was computed against. */
  preview_version: number | null;
  import_id: number | null;
  created_at: string;
  updated_at: string;
}

/** Long work under way or just finished (migration 16): what the work itself has counted. */
export interface WorkProgressTable {
  /** 'upload:<token>' or 'undo:<import id>'. */
  work_key: string;
  /** Who started it: only they (and administrators) see it. */
  user_id: number;
  phase: 'checking' | 'committing' | 'undoing';
  state: 'running' | 'finished' | 'failed';
  /** Rows read (checking, committing) or offerings undone. */
  done: number;
  /** What done ends at, when known (the preview's row count, the undo's plan); null while a file is first read. */
  total: number | null;
  bytes_read: number;
  total_bytes: number;
  /** Per second over the last seconds; null until measured. */
  rate: number | null;
  /** JSON of what finished work left (an undo's result). */
  result: string | null;
  started_at: string;
  updated_at: string;
}

/** The level-4 target for a year (e.g. 2020 → 30%, Nghị quyết 17/NQ-CP). Targets change by year, so they are data. */
/** What a target's share is of: all current offerings, or only those eligible to be fully online. */
export type TargetBasis = 'all' | 'eligible';

export interface CoverageTargetTable {
  year: number;
  /** Share of current offerings (or of the eligible ones: basis) to be at level 4, 0–100. */
  level4_pct: number;
  basis: ColumnType<TargetBasis, TargetBasis | undefined, TargetBasis>;
  /** Where the target comes from (a resolution, a plan), as staff wrote it. */
  note: string | null;
  updated_at: string;
  updated_by: string;
}

export interface Database {
  app_user: AppUserTable;
  user_session: UserSessionTable;
  login_attempt: LoginAttemptTable;
  known_sign_in: KnownSignInTable;
  audit_log: AuditLogTable;
  import_upload: ImportUploadTable;
  work_progress: WorkProgressTable;
  catalogue_state: CatalogueStateTable;
  coverage_target: CoverageTargetTable;
  agency: AgencyTable;
  field: FieldTable;
  procedure: ProcedureTable;
  offering: OfferingTable;
  offering_tier: OfferingTierTable;
  offering_history: OfferingHistoryTable;
  offering_before: OfferingBeforeTable;
  procedure_before: ProcedureBeforeTable;
  import_run: ImportRunTable;
}

export type AgencyRow = Selectable<AgencyTable>;
export type ProcedureRow = Selectable<ProcedureTable>;
export type OfferingRow = Selectable<OfferingTable>;
export type NewOffering = Insertable<OfferingTable>;
export type OfferingUpdate = Updateable<OfferingTable>;
export type ImportRunRow = Selectable<ImportRunTable>;
export type CoverageTargetRow = Selectable<CoverageTargetTable>;
