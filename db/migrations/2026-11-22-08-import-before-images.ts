import type { Kysely } from 'kysely';

/**
 * What an import changed that the history does not keep, as it was before: an existing offering's local code,
 * tiers and last change (import, date), and an existing procedure's name and details. One row per import and
 * offering or procedure, written the first time the import changes it, so that undoing the import can put
 * every field back, and can tell when a later import changed the same ones since.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('offering_before')
    .addColumn('import_id', 'integer', (c) => c.notNull().references('import_run.id'))
    .addColumn('offering_id', 'integer', (c) => c.notNull().references('offering.id').onDelete('cascade'))
    .addColumn('local_code', 'text')
    .addColumn('tiers', 'text', (c) => c.notNull())
    .addColumn('previous_import_id', 'integer')
    .addColumn('previous_effective_date', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('offering_before_pk', ['import_id', 'offering_id'])
    .execute();
  await db.schema.createIndex('offering_before_offering_idx').on('offering_before').columns(['offering_id', 'import_id']).execute();

  await db.schema
    .createTable('procedure_before')
    .addColumn('import_id', 'integer', (c) => c.notNull().references('import_run.id'))
    .addColumn('procedure_id', 'integer', (c) => c.notNull().references('procedure.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('field_id', 'integer')
    .addColumn('applicants', 'text')
    .addColumn('processing_time', 'text')
    .addColumn('fees', 'text')
    .addColumn('decision', 'text')
    .addPrimaryKeyConstraint('procedure_before_pk', ['import_id', 'procedure_id'])
    .execute();
  await db.schema.createIndex('procedure_before_procedure_idx').on('procedure_before').columns(['procedure_id', 'import_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('procedure_before').execute();
  await db.schema.dropTable('offering_before').execute();
}
