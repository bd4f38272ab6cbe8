import type { Kysely } from 'kysely';

/** Who to call: an agency's contacts, from its own list (imports/agency-list.ts); all optional. */
const CONTACT_COLUMNS = ['address', 'phone', 'email', 'opening_hours', 'website', 'contacts_updated_at'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of CONTACT_COLUMNS) await db.schema.alterTable('agency').addColumn(column, 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of [...CONTACT_COLUMNS].reverse()) await db.schema.alterTable('agency').dropColumn(column).execute();
}
