import { type Kysely, sql } from 'kysely';
import { idColumn } from './column-helpers';

/**
 * The catalogue: agencies, fields, procedures, offerings (procedure × agency), their tiers, the history of
 * every change of level, integration or status, and the imports that made them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const id = idColumn(db);
  await db.schema
    .createTable('import_run')
    .addColumn('id', 'integer', id)
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('encoding', 'text', (c) => c.notNull())
    .addColumn('delimiter', 'text', (c) => c.notNull())
    .addColumn('rows_read', 'integer', (c) => c.notNull())
    .addColumn('inserted', 'integer', (c) => c.notNull())
    .addColumn('updated', 'integer', (c) => c.notNull())
    .addColumn('unchanged', 'integer', (c) => c.notNull())
    .addColumn('withdrawn', 'integer', (c) => c.notNull())
    .addColumn('rejected', 'integer', (c) => c.notNull())
    .addColumn('effective_date', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('run_by', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('duration_ms', 'integer')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('committed', 'undone')`))
    .execute();

  await db.schema
    .createTable('agency')
    .addColumn('id', 'integer', id)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('field')
    .addColumn('id', 'integer', id)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('procedure')
    .addColumn('id', 'integer', id)
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('field_id', 'integer', (c) => c.references('field.id'))
    .addColumn('applicants', 'text')
    .addColumn('processing_time', 'text')
    .addColumn('fees', 'text')
    .addColumn('decision', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('procedure_field_idx').on('procedure').column('field_id').execute();

  await db.schema
    .createTable('offering')
    .addColumn('id', 'integer', id)
    .addColumn('procedure_id', 'integer', (c) => c.notNull().references('procedure.id'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agency.id'))
    .addColumn('local_code', 'text')
    .addColumn('tiers', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull().check(sql`level between 1 and 4`))
    .addColumn('portal_integrated', 'integer', (c) => c.check(sql`portal_integrated in (0, 1)`))
    .addColumn('qd411', 'integer', (c) => c.check(sql`qd411 in (0, 1)`))
    .addColumn('eligible', 'integer', (c) => c.check(sql`eligible in (0, 1)`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('current', 'withdrawn')`))
    .addColumn('effective_date', 'text', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.references('import_run.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('offering_procedure_agency_uq', ['procedure_id', 'agency_id'])
    .execute();
  await db.schema.createIndex('offering_agency_status_level_idx').on('offering').columns(['agency_id', 'status', 'level']).execute();
  await db.schema.createIndex('offering_status_level_idx').on('offering').columns(['status', 'level']).execute();
  await db.schema.createIndex('offering_local_code_idx').on('offering').column('local_code').execute();

  await db.schema
    .createTable('offering_tier')
    .addColumn('offering_id', 'integer', (c) => c.notNull().references('offering.id').onDelete('cascade'))
    .addColumn('tier', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('offering_tier_pk', ['offering_id', 'tier'])
    .execute();
  await db.schema.createIndex('offering_tier_tier_idx').on('offering_tier').columns(['tier', 'offering_id']).execute();

  await db.schema
    .createTable('offering_history')
    .addColumn('id', 'integer', id)
    .addColumn('offering_id', 'integer', (c) => c.notNull().references('offering.id').onDelete('cascade'))
    .addColumn('import_id', 'integer', (c) => c.references('import_run.id'))
    .addColumn('effective_date', 'text', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('portal_integrated', 'integer')
    .addColumn('qd411', 'integer')
    .addColumn('eligible', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('offering_history_offering_idx').on('offering_history').columns(['offering_id', 'effective_date', 'id']).execute();
  await db.schema.createIndex('offering_history_date_idx').on('offering_history').column('effective_date').execute();
  await db.schema.createIndex('offering_history_import_idx').on('offering_history').column('import_id').execute();

  // One row whose version goes up with every committed change to the catalogue, so that derived figures
  // (facet counts, coverage) can be cached until the data changes.
  await db.schema
    .createTable('catalogue_state')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('changed_at', 'text')
    .execute();
  await db.insertInto('catalogue_state').values({ id: 1, version: 0, changed_at: null }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['catalogue_state', 'offering_history', 'offering_tier', 'offering', 'procedure', 'field', 'agency', 'import_run']) {
    await db.schema.dropTable(table).execute();
  }
}
