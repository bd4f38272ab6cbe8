/**
 * One procedure with everything stored about it, and the agencies list.
 */
import type { Kysely } from 'kysely';
import { offeringRanges } from './id-ranges';
import type { Database, Flag, HistoryChange } from './schema';
import { PROCEDURE_DETAILS, type DetailValues } from '../domain/import-fields';
import type { AgencyContactValues } from '../domain/agency-contacts';

/** A procedure with its details (by key: domain/import-fields.ts), offerings and history. */
export type ProcedureDetail = DetailValues & {
  id: number;
  code: string;
  name: string;
  field: string | null;
  fieldSlug: string | null;
  updatedAt: string;
  offerings: {
    agency: string;
    agencySlug: string;
    agencyCode: string | null;
    localCode: string | null;
    tiers: string;
    level: number;
    portalIntegrated: Flag;
    qd411: Flag;
    eligible: Flag;
    status: 'current' | 'withdrawn';
    effectiveDate: string;
    /** As stored: check it again (domain/web-address.ts) before linking to it. */
    onlineUrl: string | null;
    /** The agency's contacts as stored (migration 15): shown through domain/agency-contacts.ts. */
    agencyContacts: AgencyContactValues;
  }[];
  history: {
    agency: string;
    agencySlug: string;
    effectiveDate: string;
    change: HistoryChange;
    level: number;
    portalIntegrated: Flag;
    status: 'current' | 'withdrawn';
    importId: number | null;
    importFile: string | null;
  }[];
};

/**
 * The procedure a code names: a national code (1.001612), a localized one (1.001612.000.00.53.H48, as stored
 * on an offering or reduced to its national part), or an old code kept as written.
 */
export async function findProcedureId(db: Kysely<Database>, codes: string[]): Promise<number | null> {
  for (const code of codes) {
    const byCode = await db.selectFrom('procedure').select('id').where('code', '=', code).executeTakeFirst();
    if (byCode) return byCode.id;
    const byLocal = await db.selectFrom('offering').select('procedure_id').where('local_code', '=', code).executeTakeFirst();
    if (byLocal) return byLocal.procedure_id;
  }
  return null;
}

export async function getProcedureDetail(db: Kysely<Database>, id: number): Promise<ProcedureDetail | null> {
  const procedure = await db
    .selectFrom('procedure')
    .leftJoin('field', 'field.id', 'procedure.field_id')
    .select([
      'procedure.id',
      'procedure.code',
      'procedure.name',
      'field.name as field',
      'field.slug as fieldSlug',
      ...PROCEDURE_DETAILS.map((f) => `procedure.${f.column} as ${f.key}` as const),
      'procedure.updated_at as updatedAt',
    ])
    .where('procedure.id', '=', id)
    .executeTakeFirst();
  if (!procedure) return null;

  const offerings = await db
    .selectFrom('offering')
    .innerJoin('agency', 'agency.id', 'offering.agency_id')
    .select([
      'agency.name as agency',
      'agency.slug as agencySlug',
      'agency.code as agencyCode',
      'offering.local_code as localCode',
      'offering.tiers',
      'offering.level',
      'offering.portal_integrated as portalIntegrated',
      'offering.qd411',
      'offering.eligible',
      'offering.status',
      'offering.effective_date as effectiveDate',
      'offering.online_url as onlineUrl',
      'agency.address',
      'agency.phone',
      'agency.email',
      'agency.opening_hours as hours',
      'agency.website',
    ])
    .where('offering.procedure_id', '=', id)
    .orderBy('offering.status')
    .orderBy('agency.name')
    .execute();

  const history = await db
    .selectFrom('offering_history')
    .innerJoin('offering', 'offering.id', 'offering_history.offering_id')
    .innerJoin('agency', 'agency.id', 'offering.agency_id')
    .leftJoin('import_run', 'import_run.id', 'offering_history.import_id')
    .select([
      'agency.name as agency',
      'agency.slug as agencySlug',
      'offering_history.effective_date as effectiveDate',
      'offering_history.change',
      'offering_history.level',
      'offering_history.portal_integrated as portalIntegrated',
      'offering_history.status',
      'offering_history.import_id as importId',
      'import_run.file_name as importFile',
    ])
    .where('offering.procedure_id', '=', id)
    .orderBy('offering_history.effective_date', 'desc')
    .orderBy('offering_history.id', 'desc')
    .limit(500)
    .execute();

  return {
    ...procedure,
    offerings: offerings.map(({ address, phone, email, hours, website, ...o }) => ({ ...o, agencyContacts: { address, phone, email, hours, website } })),
    history,
  };
}

export interface AgencySummary {
  name: string;
  slug: string;
  code: string | null;
  current: number;
  level4: number;
  withdrawn: number;
}

/** Every agency with its current and withdrawn offering counts, by name. */
export async function listAgencies(db: Kysely<Database>, offeringsPerRead = 4000): Promise<AgencySummary[]> {
  // The counts in ranges of offerings (db/id-ranges.ts), added up per agency; then every agency, with none.
  const counts = new Map<number, { current: number; level4: number; withdrawn: number }>();
  for await (const [from, to] of offeringRanges(db, offeringsPerRead)) {
    const rows = await db
      .selectFrom('offering')
      .select((eb) => [
        'offering.agency_id',
        eb.fn.sum<number>(eb.case().when('offering.status', '=', 'current').then(1).else(0).end()).as('current'),
        eb.fn.sum<number>(eb.case().when(eb.and([eb('offering.status', '=', 'current'), eb('offering.level', '=', 4)])).then(1).else(0).end()).as('level4'),
        eb.fn.sum<number>(eb.case().when('offering.status', '=', 'withdrawn').then(1).else(0).end()).as('withdrawn'),
      ])
      .where('offering.id', '>=', from)
      .where('offering.id', '<', to)
      .groupBy('offering.agency_id')
      .execute();
    for (const r of rows) {
      const sum = counts.get(r.agency_id) ?? { current: 0, level4: 0, withdrawn: 0 };
      sum.current += Number(r.current ?? 0);
      sum.level4 += Number(r.level4 ?? 0);
      sum.withdrawn += Number(r.withdrawn ?? 0);
      counts.set(r.agency_id, sum);
    }
  }
  const agencies = await db.selectFrom('agency').select(['id', 'name', 'slug', 'code']).orderBy('name').execute();
  return agencies.map((a) => ({ name: a.name, slug: a.slug, code: a.code, ...(counts.get(a.id) ?? { current: 0, level4: 0, withdrawn: 0 }) }));
}
