/**
 * PostgreSQL's import store (db/import-store.ts). Every statement is a round trip to the server, so a batch of
 * rows is written a set at a time rather than a row at a time: the batch's agencies, fields, procedures and
 * offerings are each looked up with one query, the new ones inserted with one multi-row INSERT … RETURNING
 * (the ids come back from the server, matched by key), and the history, tiers and before-images of the batch
 * written with one statement each. The meaning is SQLite's store's, row for row (the test imports the same
 * files into both and compares every table): the same outcome per row, the same history, the same
 * before-images for undo.
 *
 * It runs inside the transaction CatalogueDb.begin() opened (db/postgres.ts), on its one connection.
 */
import type { Insertable, Kysely } from 'kysely';
import type { PostgresCatalogueDb } from './connection';
import { offeringChange, toFlag } from './offering-change';
import type { AppliedRow, ImportCounts, ImportRecordInput, ImportStore, OfferingInput, ProcedureSettlement, WithdrawnOffering } from './import-store';
import { sameProcedure, settledState } from './procedure-settle';
import type { Database, Flag, HistoryChange, OfferingBeforeTable, OfferingRow, OfferingTable, OfferingTierTable, ProcedureDetails } from './schema';
import { PROCEDURE_DETAILS } from '../domain/import-fields';
import type { OfferingStatus } from '../domain/tiers';
import { nameKey, procedureSearchText, slugify } from '../domain/text';

/** PostgreSQL takes at most 65,535 parameters per statement: rows per multi-row insert, by columns. */
const chunk = <T>(rows: T[], columns: number): T[][] => {
  const size = Math.max(1, Math.floor(60_000 / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
};


interface ProcedureState extends ProcedureDetails {
  id: number;
}

/** A procedure's name and details, as its row and its before-image store them. */
const withoutId = ({ id: _id, ...details }: ProcedureState): ProcedureDetails => details;

type StoredOffering = Pick<
  OfferingRow,
  'id' | 'procedure_id' | 'agency_id' | 'local_code' | 'tiers' | 'online_url' | 'level' | 'portal_integrated' | 'qd411' | 'eligible' | 'status' | 'import_id' | 'effective_date'
>;

type HistoryRow = Insertable<Database['offering_history']>;
type NewOfferingRow = Insertable<OfferingTable> & { level: number; portal_integrated: Flag; qd411: Flag; eligible: Flag; status: OfferingStatus };

export class PostgresImportStore implements ImportStore {
  private importId = 0;
  /** Agency ids by name key, for the whole import; those this import created. */
  private readonly agencies = new Map<string, number>();
  private readonly newAgencies = new Set<number>();
  private readonly fields = new Map<string, number>();
  /** Each procedure as this import has left it so far, by code; those it created; those whose before-image is kept. */
  private readonly procedures = new Map<string, ProcedureState>();
  private readonly newProcedures = new Set<number>();
  private readonly proceduresKept = new Map<number, { code: string; before: ProcedureState }>();

  constructor(
    private readonly db: PostgresCatalogueDb,
    private readonly effectiveDate: string,
    private readonly now: string,
  ) {}

  /** The transaction's Kysely (CatalogueDb.kysely is the open transaction while one is open). */
  private get k(): Kysely<Database> {
    return this.db.kysely;
  }

  async start(record: ImportRecordInput): Promise<number> {
    // Imports are numbered without gaps, as on SQLite ("Lần nhập số 3"): a sequence would not give back the
    // number a rolled-back preview took. Imports follow each other under the catalogue's lock (begin()), so
    // the next number is the largest one plus one.
    const { last } = await this.k
      .selectFrom('import_run')
      .select((eb) => eb.fn.coalesce(eb.fn.max<number>('id'), eb.lit(0)).as('last'))
      .executeTakeFirstOrThrow();
    const row = await this.k
      .insertInto('import_run')
      .values({
        id: Number(last) + 1,
        file_name: record.fileName,
        sha256: record.sha256,
        size_bytes: record.sizeBytes,
        encoding: record.encoding,
        delimiter: record.delimiter,
        rows_read: 0,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        withdrawn: 0,
        rejected: 0,
        effective_date: record.effectiveDate,
        options: JSON.stringify(record.options),
        run_by: record.runBy,
        started_at: record.startedAt,
        status: 'committed',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    this.importId = row.id;
    return row.id;
  }

  async applyBatch(rows: readonly OfferingInput[]): Promise<AppliedRow[]> {
    await this.ensureAgencies(rows);
    await this.ensureFields(rows);
    const procedureIds = await this.applyProcedures(rows);
    return this.applyOfferings(rows, procedureIds);
  }

  /** A slug not yet taken in the table nor by this batch: "so-tu-phap", else "so-tu-phap-2", … */
  private async freeSlugs(table: 'agency' | 'field', names: string[]): Promise<string[]> {
    const bases = names.map((n) => slugify(n));
    const taken = new Set(
      (
        await this.k
          .selectFrom(table)
          .select('slug')
          .where((eb) => eb.or([...new Set(bases)].flatMap((b) => [eb('slug', '=', b), eb('slug', 'like', `${b.replace(/[\\%_]/g, '\\$&')}-%`)])))
          .execute()
      ).map((r) => r.slug),
    );
    return bases.map((base) => {
      for (let n = 1; ; n++) {
        const slug = n === 1 ? base : `${base}-${n}`;
        if (!taken.has(slug)) {
          taken.add(slug);
          return slug;
        }
      }
    });
  }

  private async ensureAgencies(rows: readonly OfferingInput[]): Promise<void> {
    // First sight of each agency in this import, with the code its first row gives.
    const unseen = new Map<string, { name: string; code: string | undefined }>();
    for (const row of rows) {
      const key = nameKey(row.agency);
      if (!this.agencies.has(key) && !unseen.has(key)) unseen.set(key, { name: row.agency, code: row.agencyCode });
    }
    if (unseen.size === 0) return;
    const found = await this.k.selectFrom('agency').select(['id', 'name_key', 'code']).where('name_key', 'in', [...unseen.keys()]).execute();
    for (const agency of found) {
      this.agencies.set(agency.name_key, agency.id);
      const code = unseen.get(agency.name_key)!.code;
      if (code && agency.code !== code) await this.k.updateTable('agency').set({ code }).where('id', '=', agency.id).execute();
      unseen.delete(agency.name_key);
    }
    if (unseen.size === 0) return;
    const entries = [...unseen.entries()];
    const slugs = await this.freeSlugs('agency', entries.map(([, a]) => a.name));
    const inserted = await this.k
      .insertInto('agency')
      .values(entries.map(([key, a], i) => ({ name: a.name, name_key: key, slug: slugs[i]!, code: a.code ?? null, created_at: this.now })))
      .returning(['id', 'name_key'])
      .execute();
    for (const agency of inserted) {
      this.agencies.set(agency.name_key, agency.id);
      this.newAgencies.add(agency.id);
    }
  }

  private async ensureFields(rows: readonly OfferingInput[]): Promise<void> {
    const unseen = new Map<string, string>();
    for (const row of rows) {
      if (row.field == null) continue;
      const key = nameKey(row.field);
      if (!this.fields.has(key) && !unseen.has(key)) unseen.set(key, row.field);
    }
    if (unseen.size === 0) return;
    for (const field of await this.k.selectFrom('field').select(['id', 'name_key']).where('name_key', 'in', [...unseen.keys()]).execute()) {
      this.fields.set(field.name_key, field.id);
      unseen.delete(field.name_key);
    }
    if (unseen.size === 0) return;
    const entries = [...unseen.entries()];
    const slugs = await this.freeSlugs('field', entries.map(([, name]) => name));
    const inserted = await this.k
      .insertInto('field')
      .values(entries.map(([key, name], i) => ({ name, name_key: key, slug: slugs[i]!, created_at: this.now })))
      .returning(['id', 'name_key'])
      .execute();
    for (const field of inserted) this.fields.set(field.name_key, field.id);
  }

  /**
   * The batch's procedures, row after row: a new code is created with its first row's details; a later row's
   * name, or a detail it states, replaces what the procedure says (an empty cell keeps it). An existing
   * procedure's state before this import is kept once (procedure_before), for undo.
   */
  private async applyProcedures(rows: readonly OfferingInput[]): Promise<number[]> {
    const unknown = [...new Set(rows.map((r) => r.procedureCode).filter((code) => !this.procedures.has(code)))];
    if (unknown.length > 0) {
      const found = await this.k
        .selectFrom('procedure')
        .select(['id', 'code', 'name', 'field_id', ...PROCEDURE_DETAILS.map((f) => f.column)])
        .where('code', 'in', unknown)
        .execute();
      for (const { code, ...state } of found) this.procedures.set(code, state as ProcedureState);
    }

    const created = new Map<string, Omit<ProcedureState, 'id'>>();
    const changed = new Map<string, ProcedureState>();
    const before: (ProcedureState & { import_id: number })[] = [];
    for (const row of rows) {
      const fieldId = row.field === undefined ? undefined : row.field === null ? null : this.fields.get(nameKey(row.field))!;
      const fresh = created.get(row.procedureCode);
      const state = fresh ?? this.procedures.get(row.procedureCode);
      if (!state) {
        const values = { name: row.name, field_id: fieldId ?? null } as Omit<ProcedureState, 'id'>;
        for (const { key, column } of PROCEDURE_DETAILS) values[column] = row[key] ?? null;
        created.set(row.procedureCode, values);
        continue;
      }
      let unchanged = row.name === state.name && (fieldId == null || fieldId === state.field_id);
      for (let i = 0; unchanged && i < PROCEDURE_DETAILS.length; i++) {
        const { key, column } = PROCEDURE_DETAILS[i]!;
        unchanged = row[key] == null || row[key] === state[column];
      }
      if (unchanged) continue;
      const next = { ...state, name: row.name, field_id: fieldId ?? state.field_id };
      for (const { key, column } of PROCEDURE_DETAILS) next[column] = row[key] ?? state[column];
      if (fresh) {
        created.set(row.procedureCode, next);
        continue;
      }
      const id = (state as ProcedureState).id;
      if (!this.newProcedures.has(id) && !this.proceduresKept.has(id)) {
        before.push({ ...(state as ProcedureState), import_id: this.importId });
        this.proceduresKept.set(id, { code: row.procedureCode, before: state as ProcedureState });
      }
      this.procedures.set(row.procedureCode, next as ProcedureState);
      changed.set(row.procedureCode, next as ProcedureState);
    }

    if (created.size > 0) {
      const values = [...created.entries()].map(([code, p]) => ({ code, ...p, search_text: procedureSearchText(code, p.name), created_at: this.now, updated_at: this.now }));
      for (const part of chunk(values, 6 + PROCEDURE_DETAILS.length)) {
        for (const { id, code } of await this.k.insertInto('procedure').values(part).returning(['id', 'code']).execute()) {
          this.procedures.set(code, { id, ...created.get(code)! });
          this.newProcedures.add(id);
        }
      }
    }
    for (const part of chunk(before, 3 + PROCEDURE_DETAILS.length)) {
      await this.k
        .insertInto('procedure_before')
        .values(part.map(({ id, ...p }) => ({ ...p, procedure_id: id })))
        .execute();
    }
    for (const [code, p] of changed) {
      const { id, ...details } = p;
      await this.k
        .updateTable('procedure')
        .set({ ...details, search_text: procedureSearchText(code, p.name), updated_at: this.now })
        .where('id', '=', id)
        .execute();
    }
    return rows.map((row) => this.procedures.get(row.procedureCode)!.id);
  }

  private historyOf(offeringId: number, change: HistoryChange, s: { level: number; portal: Flag; qd411: Flag; eligible: Flag; status: OfferingStatus }): HistoryRow {
    return {
      offering_id: offeringId,
      import_id: this.importId,
      effective_date: this.effectiveDate,
      change,
      level: s.level,
      portal_integrated: s.portal,
      qd411: s.qd411,
      eligible: s.eligible,
      status: s.status,
      recorded_at: this.now,
    };
  }

  private async applyOfferings(rows: readonly OfferingInput[], procedureIds: number[]): Promise<AppliedRow[]> {
    const agencyIds = rows.map((row) => this.agencies.get(nameKey(row.agency))!);
    // Offerings that may exist: neither their agency nor their procedure is new in this import.
    const pairs = rows.map((_, i) => [procedureIds[i]!, agencyIds[i]!] as const).filter(([p, a]) => !this.newAgencies.has(a) && !this.newProcedures.has(p));
    const existing = new Map<string, StoredOffering>();
    for (const part of chunk(pairs, 2)) {
      const found = await this.k
        .selectFrom('offering')
        .select(['id', 'procedure_id', 'agency_id', 'local_code', 'tiers', 'online_url', 'level', 'portal_integrated', 'qd411', 'eligible', 'status', 'import_id', 'effective_date'])
        .where((eb) => eb.or(part.map(([p, a]) => eb.and([eb('procedure_id', '=', p), eb('agency_id', '=', a)]))))
        .execute();
      for (const o of found) existing.set(`${o.procedure_id}:${o.agency_id}`, o as StoredOffering);
    }

    const applied: AppliedRow[] = [];
    const inserts: { index: number; values: NewOfferingRow; tiers: string[] }[] = [];
    const history: HistoryRow[] = [];
    const before: OfferingBeforeTable[] = [];
    const tierRows: OfferingTierTable[] = [];
    const retiered: number[] = [];
    const updates: { id: number; values: Partial<Insertable<OfferingTable>> }[] = [];

    rows.forEach((row, index) => {
      const procedureId = procedureIds[index]!;
      const agencyId = agencyIds[index]!;
      const stored = existing.get(`${procedureId}:${agencyId}`);
      if (!stored) {
        const tierList = row.tiers ?? [];
        const state = { level: row.level, portal: toFlag(row.portalIntegrated, null), qd411: toFlag(row.qd411, null), eligible: toFlag(row.eligible, null), status: row.status };
        inserts.push({
          index,
          tiers: tierList,
          values: {
            procedure_id: procedureId,
            agency_id: agencyId,
            local_code: row.localCode,
            tiers: tierList.join(','),
            online_url: row.onlineUrl ?? null,
            level: state.level,
            portal_integrated: state.portal,
            qd411: state.qd411,
            eligible: state.eligible,
            status: state.status,
            effective_date: this.effectiveDate,
            import_id: this.importId,
            created_at: this.now,
            updated_at: this.now,
          },
        });
        applied.push({ outcome: 'inserted', offeringId: 0, agencyId, before: null, after: { level: row.level, portalIntegrated: state.portal, status: row.status } });
        return;
      }
      const { next, tracked, changed, before: beforeState, after, change, outcome } = offeringChange(stored, row);
      if (!changed) {
        applied.push({ outcome, offeringId: stored.id, agencyId, before: beforeState, after });
        return;
      }
      before.push(this.beforeImage(stored));
      updates.push({
        id: stored.id,
        values: {
          local_code: next.localCode,
          tiers: next.tiers,
          online_url: next.onlineUrl,
          level: next.level,
          portal_integrated: next.portal,
          qd411: next.qd411,
          eligible: next.eligible,
          status: next.status,
          effective_date: this.effectiveDate,
          import_id: this.importId,
          updated_at: this.now,
        },
      });
      if (next.tiers !== stored.tiers) {
        retiered.push(stored.id);
        for (const tier of row.tiers ?? []) tierRows.push({ offering_id: stored.id, tier });
      }
      if (tracked) history.push(this.historyOf(stored.id, change, next));
      applied.push({ outcome, offeringId: stored.id, agencyId, before: beforeState, after });
    });

    for (const part of chunk(before, 7)) await this.k.insertInto('offering_before').values(part).execute();
    for (const { id, values } of updates) await this.k.updateTable('offering').set(values).where('id', '=', id).execute();
    if (retiered.length > 0) await this.k.deleteFrom('offering_tier').where('offering_id', 'in', retiered).execute();

    for (const part of chunk(inserts, 14)) {
      const ids = await this.k
        .insertInto('offering')
        .values(part.map((p) => p.values))
        .returning(['id', 'procedure_id', 'agency_id'])
        .execute();
      const byPair = new Map(ids.map((o) => [`${o.procedure_id}:${o.agency_id}`, o.id]));
      for (const p of part) {
        const id = byPair.get(`${p.values.procedure_id}:${p.values.agency_id}`)!;
        applied[p.index]!.offeringId = id;
        for (const tier of p.tiers) tierRows.push({ offering_id: id, tier });
        const v = p.values;
        history.push(this.historyOf(id, 'created', { level: v.level, portal: v.portal_integrated, qd411: v.qd411, eligible: v.eligible, status: v.status }));
      }
    }
    for (const part of chunk(tierRows, 2)) await this.k.insertInto('offering_tier').values(part).execute();
    for (const part of chunk(history, 10)) await this.k.insertInto('offering_history').values(part).execute();
    return applied;
  }

  private beforeImage(o: Pick<StoredOffering, 'id' | 'local_code' | 'tiers' | 'online_url' | 'import_id' | 'effective_date'>): OfferingBeforeTable {
    return {
      import_id: this.importId,
      offering_id: o.id,
      local_code: o.local_code,
      tiers: o.tiers,
      online_url: o.online_url,
      previous_import_id: o.import_id,
      previous_effective_date: o.effective_date,
    };
  }

  async withdrawMissing(agencyIds: Iterable<number>, listed: ReadonlySet<number>, onWithdrawn?: (offering: WithdrawnOffering) => void): Promise<number> {
    const agencies = [...agencyIds];
    if (agencies.length === 0) return 0;
    const current = await this.k
      .selectFrom('offering')
      .innerJoin('procedure', 'procedure.id', 'offering.procedure_id')
      .innerJoin('agency', 'agency.id', 'offering.agency_id')
      .select([
        'offering.id',
        'offering.agency_id',
        'offering.local_code',
        'offering.tiers',
        'offering.online_url',
        'offering.level',
        'offering.portal_integrated',
        'offering.qd411',
        'offering.eligible',
        'offering.import_id',
        'offering.effective_date',
        'procedure.code as code',
        'agency.name as agency',
      ])
      .where('offering.agency_id', 'in', agencies)
      .where('offering.status', '=', 'current')
      .orderBy('offering.agency_id')
      .orderBy('offering.id')
      .execute();
    // In the order the file named the agencies, as SQLite's store reports them.
    const order = new Map(agencies.map((id, i) => [id, i]));
    const gone = current
      .filter((o) => !listed.has(o.id) && o.import_id !== this.importId)
      .sort((a, b) => order.get(a.agency_id)! - order.get(b.agency_id)! || a.id - b.id);
    if (gone.length === 0) return 0;
    for (const part of chunk(gone.map((o) => this.beforeImage(o)), 7)) await this.k.insertInto('offering_before').values(part).execute();
    for (const part of chunk(gone, 1)) {
      await this.k
        .updateTable('offering')
        .set({ status: 'withdrawn', effective_date: this.effectiveDate, import_id: this.importId, updated_at: this.now })
        .where('id', 'in', part.map((o) => o.id))
        .execute();
    }
    const history = gone.map((o) => this.historyOf(o.id, 'withdrawn', { level: o.level, portal: o.portal_integrated, qd411: o.qd411, eligible: o.eligible, status: 'withdrawn' }));
    for (const part of chunk(history, 10)) await this.k.insertInto('offering_history').values(part).execute();
    for (const o of gone) onWithdrawn?.({ code: o.code, agency: o.agency, before: { level: o.level, portalIntegrated: o.portal_integrated, status: 'current' } });
    return gone.length;
  }

  async settleProcedures(settled: readonly ProcedureSettlement[]): Promise<number> {
    const fields = settled.flatMap((s) => (s.values.field === undefined ? [] : [{ field: s.values.field } as OfferingInput]));
    if (fields.length > 0) await this.ensureFields(fields);
    for (const settlement of settled) {
      const state = this.procedures.get(settlement.code);
      if (!state) continue;
      const fieldName = settlement.values.field;
      const next = settledState(state, settlement, fieldName === undefined ? undefined : this.fields.get(nameKey(fieldName))!);
      if (sameProcedure(state, next)) continue;
      if (!this.newProcedures.has(state.id) && !this.proceduresKept.has(state.id)) {
        await this.k.insertInto('procedure_before').values({ ...withoutId(state), procedure_id: state.id, import_id: this.importId }).execute();
        this.proceduresKept.set(state.id, { code: settlement.code, before: state });
      }
      await this.k
        .updateTable('procedure')
        .set({ ...withoutId(next), search_text: procedureSearchText(settlement.code, next.name), updated_at: this.now })
        .where('id', '=', state.id)
        .execute();
      this.procedures.set(settlement.code, next);
    }
    // A procedure the import leaves as it found it keeps no before-image: undo has nothing of it to restore.
    const unchanged = [...this.proceduresKept].filter(([, { code, before }]) => sameProcedure(before, this.procedures.get(code)!)).map(([id]) => id);
    for (const part of chunk(unchanged, 1)) {
      await this.k.deleteFrom('procedure_before').where('import_id', '=', this.importId).where('procedure_id', 'in', part).execute();
    }
    for (const id of unchanged) this.proceduresKept.delete(id);
    return this.proceduresKept.size;
  }

  async finish(counts: ImportCounts, finishedAt: string, durationMs: number): Promise<void> {
    await this.k
      .updateTable('import_run')
      .set({
        rows_read: counts.rowsRead,
        inserted: counts.inserted,
        updated: counts.updated,
        unchanged: counts.unchanged,
        withdrawn: counts.withdrawn,
        rejected: counts.rejected,
        finished_at: finishedAt,
        duration_ms: durationMs,
      })
      .where('id', '=', this.importId)
      .execute();
    if (counts.inserted + counts.updated + counts.withdrawn > 0 || this.proceduresKept.size > 0) {
      await this.k
        .updateTable('catalogue_state')
        .set((eb) => ({ version: eb('version', '+', 1), changed_at: finishedAt }))
        .where('id', '=', 1)
        .execute();
    }
  }

  commit(): Promise<void> {
    return this.db.commit();
  }

  rollback(): Promise<void> {
    return this.db.rollback();
  }
}
