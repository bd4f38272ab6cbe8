import { type Kysely } from 'kysely';
import { idColumn } from './column-helpers';

/**
 * Sign-in attempts replace the failure log: an attempt is written (reserved) before its password is checked,
 * so concurrent attempts are counted against each other; and the pairs (user, address) that signed in
 * successfully are remembered, so that a stranger's failures elsewhere do not slow the real user down.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_failure').execute();
  await db.schema
    .createTable('login_attempt')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    // 'pending' while its password is being checked, then 'failed'; a successful attempt is deleted.
    .addColumn('outcome', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_attempt_user_idx').on('login_attempt').columns(['username', 'at']).execute();
  await db.schema.createIndex('login_attempt_address_idx').on('login_attempt').columns(['address', 'at']).execute();
  await db.schema
    .createTable('known_sign_in')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('known_sign_in_pk', ['username', 'address'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('known_sign_in').execute();
  await db.schema.dropTable('login_attempt').execute();
  await db.schema
    .createTable('login_failure')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('failed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_failure_key_idx').on('login_failure').columns(['key', 'failed_at']).execute();
}
