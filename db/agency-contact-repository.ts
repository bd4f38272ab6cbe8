/**
 * Agencies' contacts (who to call): read for the agency page, the procedure page and the contacts import,
 * written by the contacts import in one transaction.
 */
import type { Kysely } from 'kysely';
import { bumpCatalogueVersion } from './catalogue-repository';
import type { Database } from './schema';

export interface AgencyContacts {
  address: string | null;
  phone: string | null;
  email: string | null;
  hours: string | null;
  website: string | null;
}

export interface AgencyWithContacts extends AgencyContacts {
  id: number;
  name: string;
  slug: string;
  code: string | null;
  contactsUpdatedAt: string | null;
}

const COLUMNS = [
  'agency.id',
  'agency.name',
  'agency.slug',
  'agency.code',
  'agency.address',
  'agency.phone',
  'agency.email',
  'agency.opening_hours as hours',
  'agency.website',
  'agency.contacts_updated_at as contactsUpdatedAt',
] as const;

/** Every agency with its contacts, by name. */
export async function agenciesWithContacts(db: Kysely<Database>): Promise<AgencyWithContacts[]> {
  return db.selectFrom('agency').select(COLUMNS).orderBy('agency.name').execute();
}

/** One agency by its slug, with its contacts and its offering counts; null when there is none. */
export async function findAgency(db: Kysely<Database>, slug: string): Promise<(AgencyWithContacts & { current: number; level4: number; withdrawn: number }) | null> {
  const agency = await db.selectFrom('agency').select(COLUMNS).where('agency.slug', '=', slug).executeTakeFirst();
  if (!agency) return null;
  const counts = await db
    .selectFrom('offering')
    .select((eb) => [
      eb.fn.sum<number>(eb.case().when('status', '=', 'current').then(1).else(0).end()).as('current'),
      eb.fn.sum<number>(eb.case().when(eb.and([eb('status', '=', 'current'), eb('level', '=', 4)])).then(1).else(0).end()).as('level4'),
      eb.fn.sum<number>(eb.case().when('status', '=', 'withdrawn').then(1).else(0).end()).as('withdrawn'),
    ])
    .where('agency_id', '=', agency.id)
    .executeTakeFirst();
  return { ...agency, current: Number(counts?.current ?? 0), level4: Number(counts?.level4 ?? 0), withdrawn: Number(counts?.withdrawn ?? 0) };
}

/**
 * Sets the given contacts of each agency (a key left out is kept; null clears it), all in one transaction,
 * and marks the catalogue changed so that kept pages are made afresh.
 */
export async function writeAgencyContacts(db: Kysely<Database>, updates: { id: number; contacts: Partial<AgencyContacts> }[], now: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const { id, contacts } of updates) {
      const { hours, ...rest } = contacts;
      await trx
        .updateTable('agency')
        .set({ ...rest, ...(hours !== undefined ? { opening_hours: hours } : {}), contacts_updated_at: now })
        .where('id', '=', id)
        .execute();
    }
    await bumpCatalogueVersion(trx, now);
  });
}
