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

/** How long a web request's write waits for another writer before the visitor is told to try again. */
const WEB_LOCK_WAIT_MS = 500;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // Setting up may wait as long as it must for a command-line import to finish.
  const setup = openDatabase(config.databaseUrl);
  await migrateToLatest(setup.kysely);
  if (config.seed) {
    const report = await seedIfEmpty(setup, SAMPLE_CATALOGUE, systemClock);
    if (report) console.log(`Loaded the sample catalogue: ${report.counts.inserted} offerings.`);
  }
  // Before any job runs: an upload left "checking" or "committing" belongs to a process that is gone.
  const settled = await settleInterruptedUploads(setup.kysely, systemClock.now());
  if (settled > 0) console.log(`Settled ${settled} upload(s) interrupted by the last stop.`);
  // The web's connection never waits long: a request due within a second gets "try again later" (409) instead
  // of waiting for an import. Imports and undo write on a connection of their own (ImportJobs).
  const db = setup.openAnother({ lockWaitMs: WEB_LOCK_WAIT_MS });
  if (db !== setup) await setup.close();
  const sweepNow = (): void => {
    sweep(db.kysely, { now: systemClock.now(), sessionIdleMinutes: config.sessionIdleMinutes, uploadDir: config.uploadDir }).then((swept) => {
      if (swept && swept.expiredUploads > 0) console.log(`Cancelled ${swept.expiredUploads} preview(s) left unconfirmed for a day.`);
    }, console.error);
  };
  sweepNow();
  const sweeper = setInterval(sweepNow, 3600_000);
  sweeper.unref();
  const jobs = new ImportJobs(db, systemClock, console.error);
  const app = createApp({ db, config, clock: systemClock, jobs, warmIndex: true });
  const server = app.listen(config.port, () => {
    console.log(`Serving on http://localhost:${config.port} (database: ${db.dialect === 'postgres' ? db.location : config.databaseUrl})`);
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
