/**
 * The entry point: read the configuration, open the database, migrate, load the sample catalogue into an
 * empty database, and listen.
 */
import { openDatabase } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { systemClock } from '../imports/run-import';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { SAMPLE_CATALOGUE } from './paths';
import { seedIfEmpty } from './seed';
import { ImportJobs } from './services/import-jobs';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const db = openDatabase(config.databaseUrl);
  await migrateToLatest(db.kysely);
  if (config.seed) {
    const report = await seedIfEmpty(db, SAMPLE_CATALOGUE, systemClock);
    if (report) console.log(`Loaded the sample catalogue: ${report.counts.inserted} offerings.`);
  }
  const jobs = new ImportJobs(db, systemClock, console.error);
  const app = createApp({ db, config, clock: systemClock, jobs });
  const server = app.listen(config.port, () => {
    console.log(`Serving on http://localhost:${config.port} (database: ${config.databaseUrl})`);
  });
  const stop = (): void => {
    server.close(() => {
      void jobs
        .close()
        .then(() => db.close())
        .then(() => process.exit(0));
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
