/** `npm run migrate`: brings the database named by DATABASE_URL to the latest schema. */
import { loadConfig } from '../server/config';
import { openDatabase } from '../db/connection';
import { migrateToLatest } from '../db/migrate';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const db = openDatabase(config.databaseUrl);
  try {
    const result = await migrateToLatest(db.kysely);
    const applied = result.results?.filter((r) => r.status === 'Success') ?? [];
    console.log(applied.length ? `Đã áp dụng ${applied.length} migration: ${applied.map((r) => r.migrationName).join(', ')}` : 'Cơ sở dữ liệu đã ở phiên bản mới nhất.');
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
