/**
 * The entry point: read the configuration, open the database, migrate, load the sample catalogue into an
 * empty database, and listen.
 */
import { openDatabase } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { systemClock } from '../domain/time';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { SAMPLE_CATALOGUE } from './paths';
import { seedIfEmpty } from './seed';
import { ImportJobs } from './services/import-jobs';
import { settleInterruptedUploads, sweep } from './services/housekeeping';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const db = openDatabase(config.databaseUrl);
  await migrateToLatest(db.kysely);
  if (config.seed) {
    const report = await seedIfEmpty(db, SAMPLE_CATALOGUE, systemClock);
    if (report) console.log(`Loaded the sample catalogue: ${report.counts.inserted} offerings.`);
  }
  // Before any job runs: an upload left "checking" or "committing" belongs to a process that is gone.
  const settled = await settleInterruptedUploads(db.kysely, systemClock.now());
  if (settled > 0) console.log(`Settled ${settled} upload(s) interrupted by the last stop.`);
  const sweepNow = (): void => {
    sweep(db.kysely, { now: systemClock.now(), sessionIdleMinutes: config.sessionIdleMinutes }).then((swept) => {
      if (swept.expiredUploads > 0) console.log(`Cancelled ${swept.expiredUploads} preview(s) left unconfirmed for a day.`);
    }, console.error);
  };
  sweepNow();
  const sweeper = setInterval(sweepNow, 3600_000);
  sweeper.unref();
  const jobs = new ImportJobs(db, systemClock, console.error);
  const app = createApp({ db, config, clock: systemClock, jobs });
  const server = app.listen(config.port, () => {
    console.log(`Serving on http://localhost:${config.port} (database: ${config.databaseUrl})`);
  });
  const stop = (): void => {
    clearInterval(sweeper);
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
