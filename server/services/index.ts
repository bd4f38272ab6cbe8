/**
 * Every service the routes and middleware use, built once from the database and the clock (as
 * hmpps-template-typescript's server/services/index.ts does) and handed to them by createApp. Routes and
 * middleware never import db/: test/unit/dependency-direction.test.ts fails when one does.
 */
import type { Kysely } from 'kysely';
import type { AppDeps } from '../app';
import { audit, createSession, deleteSession, findSessionUser, findUserByName, listAudit, touchSession } from '../../db/account-repository';
import { catalogueStatusReader } from '../../db/catalogue-status';
import { listAgencies } from '../../db/procedure-repository';
import type { Database } from '../../db/schema';
import { undoPlan } from '../../db/undo-import';
import { administratorNames } from '../../db/account-repository';
import { chooseUploadSheet, createUpload, findImportRun, findUpload, findUploadOfImport, listImportRuns, moveUpload, skipInvalidRows } from '../../db/upload-repository';
import { accounts, addAccount, changeOwnPassword, resetPassword, setAccountDisabled, type Actor } from './account-service';
import { agencyContactService } from './agency-contact-service';
import { CatalogueIndexes, CatalogueService } from './catalogue-service';
import { createCoverageService } from './coverage-service';
import { ImportJobs } from './import-jobs';
import { undoImportRun } from './import-run-service';
import { overviewService } from './overview-service';
import { findProcedure } from './procedure-service';
import { signIn } from './sign-in-service';
import { getTargets, setTarget } from './target-service';

/** What the services are built from: the app's dependencies but its configuration. */
export type ServiceDeps = Pick<AppDeps, 'db' | 'clock' | 'log' | 'jobs'> & { listThread?: boolean };

type FirstArgumentFilled<F> = { [K in keyof F]: F[K] extends (db: Kysely<Database>, ...args: infer A) => infer R ? (...args: A) => R : never };

/** Functions that take the database first, with it filled in: the routes never hold the database. */
function withDb<F extends Record<string, (db: Kysely<Database>, ...args: never[]) => unknown>>(db: Kysely<Database>, functions: F): FirstArgumentFilled<F> {
  return Object.fromEntries(Object.entries(functions).map(([name, fn]) => [name, (...args: never[]) => fn(db, ...args)])) as FirstArgumentFilled<F>;
}

export function services({ db, clock, log = console.error, jobs, listThread = false }: ServiceDeps) {
  const kysely = db.kysely;
  const importJobs = jobs ?? new ImportJobs(db, clock, log);
  // One catalogue index for the lists and the coverage figures, in a reader thread when asked.
  const indexes = new CatalogueIndexes(kysely, { thread: listThread });
  return {
    catalogueStatus: catalogueStatusReader(db),
    catalogue: new CatalogueService(kysely, { indexes }),
    overview: overviewService(kysely),
    procedures: withDb(kysely, { find: findProcedure, agencies: listAgencies }),
    coverage: createCoverageService(kysely, clock, indexes),
    targets: withDb(kysely, { list: getTargets, set: setTarget }),
    accounts: withDb(kysely, {
      list: accounts,
      findByName: findUserByName,
      add: addAccount,
      setDisabled: setAccountDisabled,
      resetPassword,
      changeOwnPassword,
      signIn,
    }),
    sessions: withDb(kysely, { create: createSession, findUser: findSessionUser, touch: touchSession, delete: deleteSession }),
    audit: withDb(kysely, { record: audit, list: listAudit }),
    uploads: withDb(kysely, { create: createUpload, find: findUpload, move: moveUpload, chooseSheet: chooseUploadSheet, skipInvalid: skipInvalidRows, ofImport: findUploadOfImport }),
    importRuns: { ...withDb(kysely, { list: listImportRuns, find: findImportRun, undoPlan, administrators: administratorNames }), undo: (importId: number, actor: Actor & { userId: number }) => undoImportRun(importJobs, kysely, importId, actor) },
    importJobs,
    agencyContacts: agencyContactService(kysely, clock),
  };
}

export type Services = ReturnType<typeof services>;

/** What a write says when an import holds the catalogue: the error handler answers "try again", not 500. */
export { DatabaseBusyError } from '../../db/errors';
