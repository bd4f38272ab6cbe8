import type { Migration } from 'kysely';
import * as catalogue from './2026-11-22-01-catalogue';
import * as coverageTargets from './2026-11-22-02-coverage-targets';

/**
 * Every migration, by name. Listed here rather than read from the folder so that the same code runs from
 * TypeScript sources (tests) and from the compiled build, without globbing the file system.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-22-01-catalogue': catalogue,
  '2026-11-22-02-coverage-targets': coverageTargets,
};
