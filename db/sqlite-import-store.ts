/**
 * SQLite's import store (db/import-store.ts): upserts offerings by (procedure code, agency), records every change of
 * level, integration or status in the history, and keeps the import's own record. Each per-row query is
 * built with Kysely and prepared once, because an import runs them hundreds of thousands of times. New
 * offerings, their tiers and history rows are written a batch at a time (one statement for BATCH_ROWS
 * rows): most of an import's rows are new the first time a catalogue is loaded.
 *
 * New offerings' ids come from SQLite's rowids: one multi-row insert gives consecutive ids (prepareRows), so
 * a batch's ids are known from its last one without reading them back. That is SQLite's fast path, and it
 * stays inside this file: the importer sees only the ids applyBatch returns.
 *
 * The transaction is opened by openImportStore and settled by commit() or rollback(): an import is all or
 * nothing.
 */
import type { Compilable } from 'kysely';
import type { PreparedQuery, PreparedRows, SqliteCatalogueDb } from './connection';
import type { Flag, OfferingRow, ProcedureDetails } from './schema';
import { param } from './sqlite';
import type { ServiceLevel } from '../domain/levels';
import { PROCEDURE_DETAILS, type DetailColumn } from '../domain/import-fields';
import type { OfferingStatus, Tier } from '../domain/tiers';
import { nameKey, procedureSearchText, slugify } from '../domain/text';
import type { AppliedRow, ImportCounts, ImportRecordInput, ImportStore, OfferingInput, OfferingState, ProcedureSettlement, RowOutcome, WithdrawnOffering } from './import-store';
import { offeringChange, toFlag } from './offering-change';
import { sameProcedure, settledState } from './procedure-settle';

interface ProcedureState extends ProcedureDetails {
  id: number;
}

type StoredOffering = Pick<
  OfferingRow,
  'id' | 'local_code' | 'tiers' | 'online_url' | 'level' | 'portal_integrated' | 'qd411' | 'eligible' | 'status' | 'import_id' | 'effective_date'
>;

/**
 * Rows per multi-row insert: fewer statements cost less CPU than one row per statement (the figures are in
 * the README's benchmark section). With the reading thread (large files) the wall time stays the same:
 * reading and validating is then the longer side.
 */
export const BATCH_ROWS = 64;

/** The values of one new offering: its row, its first history row, and its tiers. */
interface NewOffering {
  procedureId: number;
  agencyId: number;
  offeringId: number;
  localCode: string | null;
  tiers: string;
  tierList: Tier[];
  onlineUrl: string | null;
  level: ServiceLevel;
  portal: Flag;
  qd411: Flag;
  eligible: Flag;
  status: OfferingStatus;
  change: string;
  effectiveDate: string;
  importId: number;
  now: string;
}

/** The values of one history row. */
interface HistoryValues {
  offeringId: number;
  importId: number;
  effectiveDate: string;
  change: string;
  level: number;
  portal: Flag;
  qd411: Flag;
  eligible: Flag;
  status: OfferingStatus;
  now: string;
}


class ImportWriter {
  /** Ids by name key, and the same ids by the name as written (so a name seen before needs no nameKey). */
  private readonly agencies = new Map<string, number>();
  private readonly agenciesByName = new Map<string, number>();
  private readonly fields = new Map<string, number>();
  private readonly fieldsByName = new Map<string, number>();
  private readonly procedures = new Map<string, ProcedureState>();
  /**
   * Agencies and procedures created by this import: an offering of either cannot exist yet (the file
   * holds each procedure–agency pair once), so there is nothing to look up before inserting it.
   */
  private readonly newAgencies = new Set<number>();
  private readonly newProcedures = new Set<number>();
  /** Existing procedures whose details this import has changed, as they were before (kept in procedure_before), by id. */
  private readonly proceduresKept = new Map<number, { code: string; before: ProcedureState }>();
  private readonly q;
  private readonly rows: { offering: PreparedRows; tier: PreparedRows; history: PreparedRows };
  /** Written at the next flush: new offerings (then their tiers and first history rows), other history rows. */
  private readonly pendingOfferings: NewOffering[] = [];
  private readonly pendingHistory: HistoryValues[] = [];
  private importId = 0;

  constructor(
    private readonly db: SqliteCatalogueDb,
    private readonly effectiveDate: string,
    private readonly now: string,
  ) {
    const k = db.kysely;
    const prepare = <R>(query: Compilable<R>): PreparedQuery<R> => db.prepare(query);
    // A procedure's details, each under its column and bound from the parameter of its key.
    const detailParams = Object.fromEntries(PROCEDURE_DETAILS.map((f) => [f.column, param(f.key)])) as Record<DetailColumn, string | null>;
    // What an import writes of an offering, new or changed.
    const offeringColumns = {
      local_code: param('localCode'),
      tiers: param('tiers'),
      online_url: param('onlineUrl'),
      level: param('level'),
      portal_integrated: param('portal'),
      qd411: param('qd411'),
      eligible: param('eligible'),
      status: param('status'),
      effective_date: param('effectiveDate'),
      import_id: param('importId'),
      updated_at: param('now'),
    };
    this.q = {
      agencyByKey: prepare<{ id: number; code: string | null }>(
        k.selectFrom('agency').select(['id', 'code']).where('name_key', '=', param('key')),
      ),
      slugTaken: {
        agency: prepare<{ id: number }>(k.selectFrom('agency').select('id').where('slug', '=', param('slug'))),
        field: prepare<{ id: number }>(k.selectFrom('field').select('id').where('slug', '=', param('slug'))),
      },
      insertAgency: prepare(
        k.insertInto('agency').values({
          name: param('name'),
          name_key: param('key'),
          slug: param('slug'),
          code: param('code'),
          created_at: param('now'),
        }),
      ),
      setAgencyCode: prepare(k.updateTable('agency').set({ code: param('code') }).where('id', '=', param('id'))),
      fieldByKey: prepare<{ id: number }>(k.selectFrom('field').select('id').where('name_key', '=', param('key'))),
      insertField: prepare(
        k.insertInto('field').values({ name: param('name'), name_key: param('key'), slug: param('slug'), created_at: param('now') }),
      ),
      procedureByCode: prepare<ProcedureState>(
        k
          .selectFrom('procedure')
          .select(['id', 'name', 'field_id', ...PROCEDURE_DETAILS.map((f) => f.column)])
          .where('code', '=', param('code')),
      ),
      insertProcedure: prepare(
        k.insertInto('procedure').values({
          code: param('code'),
          name: param('name'),
          field_id: param('fieldId'),
          ...detailParams,
          search_text: param('searchText'),
          created_at: param('now'),
          updated_at: param('now'),
        }),
      ),
      updateProcedure: prepare(
        k
          .updateTable('procedure')
          .set({
            name: param('name'),
            field_id: param('fieldId'),
            ...detailParams,
            search_text: param('searchText'),
            updated_at: param('now'),
          })
          .where('id', '=', param('id')),
      ),
      offering: prepare<StoredOffering>(
        k
          .selectFrom('offering')
          .select(['id', 'local_code', 'tiers', 'online_url', 'level', 'portal_integrated', 'qd411', 'eligible', 'status', 'import_id', 'effective_date'])
          .where('procedure_id', '=', param('procedureId'))
          .where('agency_id', '=', param('agencyId')),
      ),
      updateOffering: prepare(
        k
          .updateTable('offering')
          .set(offeringColumns)
          .where('id', '=', param('id')),
      ),
      offeringBefore: prepare(
        k.insertInto('offering_before').values({
          import_id: param('importId'),
          offering_id: param('id'),
          local_code: param('local_code'),
          tiers: param('tiers'),
          online_url: param('online_url'),
          previous_import_id: param('import_id'),
          previous_effective_date: param('effective_date'),
        }),
      ),
      procedureBefore: prepare(
        k.insertInto('procedure_before').values({
          import_id: param('importId'),
          procedure_id: param('id'),
          name: param('name'),
          field_id: param('field_id'),
          ...Object.fromEntries(PROCEDURE_DETAILS.map((f) => [f.column, param(f.column)])),
        }),
      ),
      dropProcedureBefore: prepare(
        k.deleteFrom('procedure_before').where('import_id', '=', param('importId')).where('procedure_id', '=', param('id')),
      ),
      deleteTiers: prepare(k.deleteFrom('offering_tier').where('offering_id', '=', param('offeringId'))),
      currentOfAgency: prepare<Omit<StoredOffering, 'status'>>(
        k
          .selectFrom('offering')
          .select(['id', 'local_code', 'tiers', 'online_url', 'level', 'portal_integrated', 'qd411', 'eligible', 'import_id', 'effective_date'])
          .where('agency_id', '=', param('agencyId'))
          .where('status', '=', 'current'),
      ),
      offeringNames: prepare<{ code: string; agency: string }>(
        k
          .selectFrom('offering')
          .innerJoin('procedure', 'procedure.id', 'offering.procedure_id')
          .innerJoin('agency', 'agency.id', 'offering.agency_id')
          .select(['procedure.code as code', 'agency.name as agency'])
          .where('offering.id', '=', param('id')),
      ),
      withdraw: prepare(
        k
          .updateTable('offering')
          .set({ status: 'withdrawn', effective_date: param('effectiveDate'), import_id: param('importId'), updated_at: param('now') })
          .where('id', '=', param('id')),
      ),
    };
    const rowsOf = (count: number) => Array.from({ length: count });
    this.rows = {
      offering: db.prepareRows((count) =>
        k.insertInto('offering').values(
          rowsOf(count).map(() => ({
            procedure_id: param('procedureId'),
            agency_id: param('agencyId'),
            ...offeringColumns,
            created_at: param('now'),
          })),
        ),
      ),
      tier: db.prepareRows((count) =>
        k.insertInto('offering_tier').values(rowsOf(count).map(() => ({ offering_id: param('offeringId'), tier: param('tier') }))),
      ),
      history: db.prepareRows((count) =>
        k.insertInto('offering_history').values(
          rowsOf(count).map(() => ({
            offering_id: param('offeringId'),
            import_id: param('importId'),
            effective_date: param('effectiveDate'),
            change: param('change'),
            level: param('level'),
            portal_integrated: param('portal'),
            qd411: param('qd411'),
            eligible: param('eligible'),
            status: param('status'),
            recorded_at: param('now'),
          })),
        ),
      ),
    };
  }

  /** Records the import itself; history rows written afterwards point at it. */
  startImport(record: ImportRecordInput): number {
    const result = this.db.prepare(
      this.db.kysely.insertInto('import_run').values({
        file_name: param('fileName'),
        sha256: param('sha256'),
        size_bytes: param('sizeBytes'),
        encoding: param('encoding'),
        delimiter: param('delimiter'),
        rows_read: 0,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        withdrawn: 0,
        rejected: 0,
        effective_date: param('effectiveDate'),
        options: param('options'),
        run_by: param('runBy'),
        started_at: param('startedAt'),
        status: 'committed',
      }),
    );
    this.importId = result.run({ ...record, options: JSON.stringify(record.options) }).lastInsertId;
    return this.importId;
  }

  finishImport(counts: ImportCounts, finishedAt: string, durationMs: number): void {
    this.flush();
    this.db
      .prepare(
        this.db.kysely
          .updateTable('import_run')
          .set({
            rows_read: param('rowsRead'),
            inserted: param('inserted'),
            updated: param('updated'),
            unchanged: param('unchanged'),
            withdrawn: param('withdrawn'),
            rejected: param('rejected'),
            finished_at: param('finishedAt'),
            duration_ms: param('durationMs'),
          })
          .where('id', '=', param('id')),
      )
      .run({ ...counts, finishedAt, durationMs, id: this.importId });
    if (counts.inserted + counts.updated + counts.withdrawn > 0 || this.proceduresKept.size > 0) {
      this.db
        .prepare(
          this.db.kysely
            .updateTable('catalogue_state')
            .set((eb) => ({ version: eb('version', '+', 1), changed_at: param('now') }))
            .where('id', '=', 1),
        )
        .run({ now: finishedAt });
    }
  }

  /**
   * Upserts one row; returns what happened to its offering, and the offering's id when it existed before
   * (a new one's id is known once it is flushed).
   */
  /** Upserts these rows; the new offerings are written before it returns, so that every answer has its id. */
  applyBatch(rows: readonly OfferingInput[]): AppliedRow[] {
    const applied: AppliedRow[] = new Array<AppliedRow>(rows.length);
    const created: (NewOffering | undefined)[] = [];
    for (let i = 0; i < rows.length; i++) {
      this.created = undefined;
      applied[i] = this.apply(rows[i]!) as AppliedRow;
      created.push(this.created);
    }
    this.flushOfferings();
    for (let i = 0; i < rows.length; i++) {
      const offering = created[i];
      if (offering !== undefined) applied[i]!.offeringId = offering.offeringId;
    }
    return applied;
  }

  /** The offering the last apply() queued for insertion, if it made one. */
  private created: NewOffering | undefined;

  private apply(row: OfferingInput): { outcome: RowOutcome; offeringId: number | null; agencyId: number; before: OfferingState | null; after: OfferingState } {
    const agencyId = this.agencyId(row.agency, row.agencyCode);
    const procedureId = this.procedureId(row);
    const existing =
      this.newAgencies.has(agencyId) || this.newProcedures.has(procedureId) ? undefined : this.q.offering.get({ procedureId, agencyId });

    if (!existing) {
      const tierList = row.tiers ?? [];
      // One object serves the offering, its tiers and its first history row; the id comes at the flush.
      const values: NewOffering = {
        procedureId,
        agencyId,
        offeringId: 0,
        localCode: row.localCode,
        tiers: tierList.length === 1 ? tierList[0]! : tierList.join(','),
        tierList,
        onlineUrl: row.onlineUrl ?? null,
        level: row.level,
        portal: toFlag(row.portalIntegrated, null),
        qd411: toFlag(row.qd411, null),
        eligible: toFlag(row.eligible, null),
        status: row.status,
        change: 'created',
        effectiveDate: this.effectiveDate,
        importId: this.importId,
        now: this.now,
      };
      this.pendingOfferings.push(values);
      this.created = values;
      if (this.pendingOfferings.length === BATCH_ROWS) this.flushOfferings();
      return { outcome: 'inserted', offeringId: null, agencyId, before: null, after: { level: row.level, portalIntegrated: values.portal, status: row.status } };
    }

    const { next, tracked, changed, before, after, change, outcome } = offeringChange(existing, row);
    if (!changed) return { outcome, offeringId: existing.id, agencyId, before, after };

    const values = { ...next, id: existing.id, effectiveDate: this.effectiveDate, importId: this.importId, now: this.now };
    this.keepBefore(existing);
    this.q.updateOffering.run(values);
    if (next.tiers !== existing.tiers) {
      this.q.deleteTiers.run({ offeringId: existing.id });
      if (row.tiers?.length) this.rows.tier.insert(row.tiers.map((tier) => ({ offeringId: existing.id, tier })));
    }
    if (tracked) this.queueHistory({ ...values, offeringId: existing.id, change });
    return { outcome, offeringId: existing.id, agencyId, before, after };
  }

  /**
   * Marks withdrawn the current offerings of these agencies that the file no longer lists; calls back with
   * each one's code, agency and last state. `listed` holds the ids apply() returned; the offerings this
   * import created are known by their import id.
   */
  withdrawMissing(
    agencyIds: Iterable<number>,
    listed: ReadonlySet<number>,
    onWithdrawn?: (offering: WithdrawnOffering) => void,
  ): number {
    this.flush();
    let count = 0;
    for (const agencyId of agencyIds) {
      for (const offering of this.q.currentOfAgency.all({ agencyId })) {
        if (listed.has(offering.id) || offering.import_id === this.importId) continue;
        this.keepBefore(offering);
        this.q.withdraw.run({ id: offering.id, effectiveDate: this.effectiveDate, importId: this.importId, now: this.now });
        this.queueHistory({
          offeringId: offering.id,
          importId: this.importId,
          effectiveDate: this.effectiveDate,
          change: 'withdrawn',
          level: offering.level,
          portal: offering.portal_integrated,
          qd411: offering.qd411,
          eligible: offering.eligible,
          status: 'withdrawn',
          now: this.now,
        });
        if (onWithdrawn) {
          const names = this.q.offeringNames.get({ id: offering.id });
          if (names) onWithdrawn({ ...names, before: { level: offering.level, portalIntegrated: offering.portal_integrated, status: 'current' } });
        }
        count++;
      }
    }
    this.flush();
    return count;
  }

  /** Writes what is still queued: the caller reads or commits next. */
  private flush(): void {
    this.flushOfferings();
    this.flushHistory();
  }

  /** Inserts the queued new offerings, then their tiers, and queues their first history rows. */
  private flushOfferings(): void {
    const pending = this.pendingOfferings;
    if (pending.length === 0) return;
    const { firstId } = this.rows.offering.insert(pending);
    const tiers: { offeringId: number; tier: Tier }[] = [];
    for (let i = 0; i < pending.length; i++) {
      const offering = pending[i]!;
      offering.offeringId = firstId + i;
      for (const tier of offering.tierList) tiers.push({ offeringId: offering.offeringId, tier });
      this.queueHistory(offering);
    }
    pending.length = 0;
    for (let start = 0; start < tiers.length; start += BATCH_ROWS) this.rows.tier.insert(tiers.slice(start, start + BATCH_ROWS));
  }

  private queueHistory(values: HistoryValues): void {
    this.pendingHistory.push(values);
    if (this.pendingHistory.length === BATCH_ROWS) this.flushHistory();
  }

  private flushHistory(): void {
    if (this.pendingHistory.length === 0) return;
    this.rows.history.insert(this.pendingHistory);
    this.pendingHistory.length = 0;
  }

  /** What undoing this import needs of an existing offering it is about to change, besides the history. */
  private keepBefore(offering: Pick<StoredOffering, 'id' | 'local_code' | 'tiers' | 'online_url' | 'import_id' | 'effective_date'>): void {
    this.q.offeringBefore.run({ ...offering, importId: this.importId });
  }

  /** Gives procedures their settled values, then forgets the before-images of those left as they were. */
  settleProcedures(settled: readonly ProcedureSettlement[]): number {
    this.flush();
    for (const settlement of settled) {
      const state = this.procedures.get(settlement.code);
      if (!state) continue;
      const fieldName = settlement.values.field;
      const next = settledState(state, settlement, fieldName === undefined ? undefined : this.fieldId(fieldName));
      if (sameProcedure(state, next)) continue;
      this.keepProcedureBefore(settlement.code, state);
      this.updateProcedure(settlement.code, next);
      this.procedures.set(settlement.code, next);
    }
    for (const [id, { code, before }] of this.proceduresKept) {
      if (!sameProcedure(before, this.procedures.get(code)!)) continue;
      this.q.dropProcedureBefore.run({ importId: this.importId, id });
      this.proceduresKept.delete(id);
    }
    return this.proceduresKept.size;
  }

  /** The first change this import makes to a procedure that existed before it: keep what it was. */
  private keepProcedureBefore(code: string, state: ProcedureState): void {
    if (this.newProcedures.has(state.id) || this.proceduresKept.has(state.id)) return;
    this.q.procedureBefore.run({ ...state, importId: this.importId });
    this.proceduresKept.set(state.id, { code, before: state });
  }

  private updateProcedure(code: string, next: ProcedureState): void {
    const values: Record<string, unknown> = {
      id: next.id,
      name: next.name,
      fieldId: next.field_id,
      searchText: procedureSearchText(code, next.name),
      now: this.now,
    };
    for (const { key, column } of PROCEDURE_DETAILS) values[key] = next[column];
    this.q.updateProcedure.run(values);
  }

  private agencyId(name: string, code: string | undefined): number {
    const known = this.agenciesByName.get(name);
    if (known !== undefined) return known;
    const key = nameKey(name);
    let id = this.agencies.get(key);
    if (id === undefined) {
      const found = this.q.agencyByKey.get({ key });
      if (found) {
        id = found.id;
        if (code && found.code !== code) this.q.setAgencyCode.run({ id, code });
      } else {
        id = this.q.insertAgency.run({ name, key, slug: this.freeSlug('agency', name), code: code ?? null, now: this.now }).lastInsertId;
        this.newAgencies.add(id);
      }
      this.agencies.set(key, id);
    }
    this.agenciesByName.set(name, id);
    return id;
  }

  private fieldId(name: string): number {
    const known = this.fieldsByName.get(name);
    if (known !== undefined) return known;
    const key = nameKey(name);
    let id = this.fields.get(key);
    if (id === undefined) {
      id =
        this.q.fieldByKey.get({ key })?.id ??
        this.q.insertField.run({ name, key, slug: this.freeSlug('field', name), now: this.now }).lastInsertId;
      this.fields.set(key, id);
    }
    this.fieldsByName.set(name, id);
    return id;
  }

  private freeSlug(table: 'agency' | 'field', name: string): string {
    const base = slugify(name);
    const taken = this.q.slugTaken[table];
    for (let n = 1; ; n++) {
      const slug = n === 1 ? base : `${base}-${n}`;
      if (!taken.get({ slug })) return slug;
    }
  }

  private procedureId(row: OfferingInput): number {
    const fieldId = row.field === undefined ? undefined : row.field === null ? null : this.fieldId(row.field);
    const cached = this.procedures.get(row.procedureCode);
    let state = cached ?? this.q.procedureByCode.get({ code: row.procedureCode });
    if (!state) {
      const values: Record<string, unknown> = {
        code: row.procedureCode,
        name: row.name,
        fieldId: fieldId ?? null,
        searchText: procedureSearchText(row.procedureCode, row.name),
        now: this.now,
      };
      for (const { key } of PROCEDURE_DETAILS) values[key] = row[key] ?? null;
      const id = this.q.insertProcedure.run(values).lastInsertId;
      this.newProcedures.add(id);
      state = { id, name: row.name, field_id: fieldId ?? null } as ProcedureState;
      for (const { key, column } of PROCEDURE_DETAILS) state[column] = row[key] ?? null;
    } else {
      // A procedure's details are shared by all its offerings, and lists often state them on one row only:
      // an empty cell (null) or a missing column (undefined) keeps what is stored, a value replaces it. Most
      // rows repeat what the procedure already says: compare before building anything.
      let unchanged = row.name === state.name && (fieldId == null || fieldId === state.field_id);
      for (let i = 0; unchanged && i < PROCEDURE_DETAILS.length; i++) {
        const { key, column } = PROCEDURE_DETAILS[i]!;
        const value = row[key];
        unchanged = value == null || value === state[column];
      }
      if (unchanged && cached) return state.id;
      const next = { id: state.id, name: row.name, field_id: fieldId ?? state.field_id } as ProcedureState;
      for (const { key, column } of PROCEDURE_DETAILS) next[column] = row[key] ?? state[column];
      if (!unchanged) {
        // The first change this import makes to a procedure that existed before it: keep what it was.
        this.keepProcedureBefore(row.procedureCode, state);
        this.updateProcedure(row.procedureCode, next);
      }
      state = next;
    }
    this.procedures.set(row.procedureCode, state);
    return state.id;
  }
}

export class SqliteImportStore implements ImportStore {
  private readonly writer: ImportWriter;

  constructor(
    private readonly db: SqliteCatalogueDb,
    effectiveDate: string,
    now: string,
  ) {
    this.writer = new ImportWriter(db, effectiveDate, now);
  }

  async start(record: ImportRecordInput): Promise<number> {
    return this.writer.startImport(record);
  }

  async applyBatch(rows: readonly OfferingInput[]): Promise<AppliedRow[]> {
    return this.writer.applyBatch(rows);
  }

  async withdrawMissing(agencyIds: Iterable<number>, listed: ReadonlySet<number>, onWithdrawn?: (offering: WithdrawnOffering) => void): Promise<number> {
    return this.writer.withdrawMissing(agencyIds, listed, onWithdrawn);
  }

  async settleProcedures(settled: readonly ProcedureSettlement[]): Promise<number> {
    return this.writer.settleProcedures(settled);
  }

  async finish(counts: ImportCounts, finishedAt: string, durationMs: number): Promise<void> {
    this.writer.finishImport(counts, finishedAt, durationMs);
  }

  commit(): Promise<void> {
    return this.db.commit();
  }

  rollback(): Promise<void> {
    return this.db.rollback();
  }
}
