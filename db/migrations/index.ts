import type { Migration } from 'kysely';
import * as catalogue from './2026-11-22-01-catalogue';
import * as procedureSearch from './2026-11-22-03-procedure-search';
import * as accounts from './2026-11-22-04-accounts';
import * as coverageTargets from './2026-11-22-05-coverage-targets';
import * as targetBasis from './2026-11-22-06-target-basis';
import * as offeringWriteCost from './2026-11-22-07-offering-write-cost';
import * as importBeforeImages from './2026-11-22-08-import-before-images';
import * as signInAttempts from './2026-12-01-09-sign-in-attempts';
import * as webStateFile from './2026-12-01-10-web-state-file';
import * as procedureIssuer from './2026-12-01-11-procedure-issuer';
import * as onlineAddressAndDetails from './2026-12-02-12-online-address-and-details';
import * as targetsInForce from './2026-12-02-14-targets-in-force';
import * as agencyContacts from './2026-12-03-15-agency-contacts';
import * as workProgress from './2026-12-03-16-work-progress';

/**
 * Every migration, by name. Listed here rather than read from the folder so that the same code runs from
 * TypeScript sources (tests) and from the compiled build, without globbing the file system.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-22-01-catalogue': catalogue,
  '2026-11-22-03-procedure-search': procedureSearch,
  '2026-11-22-04-accounts': accounts,
  '2026-11-22-05-coverage-targets': coverageTargets,
  '2026-11-22-06-target-basis': targetBasis,
  '2026-11-22-07-offering-write-cost': offeringWriteCost,
  '2026-11-22-08-import-before-images': importBeforeImages,
  '2026-12-01-09-sign-in-attempts': signInAttempts,
  '2026-12-01-10-web-state-file': webStateFile,
  '2026-12-01-11-procedure-issuer': procedureIssuer,
  '2026-12-02-12-online-address-and-details': onlineAddressAndDetails,
  '2026-12-02-14-targets-in-force': targetsInForce,
  '2026-12-03-15-agency-contacts': agencyContacts,
  '2026-12-03-16-work-progress': workProgress,
};
