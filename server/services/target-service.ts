/**
 * The rules for level-4 targets: which one applies on a date, and what a valid target is. Targets change
 * by year (30% at level 4 in 2020 under Nghị quyết 17/NQ-CP; later years use other bases), so they are data
 * an administrator sets, not constants.
 */
import type { Kysely } from 'kysely';
import type { Database, TargetBasis } from '../../db/schema';
import { listTargets, saveTarget, type CoverageTarget } from '../../db/target-repository';
import { cleanText } from '../../domain/text';
import { audit } from '../../db/account-repository';
import { bumpCatalogueVersion } from '../../db/catalogue-repository';

export type { CoverageTarget };

/** The target that applies on a date, and the year it was set for. */
export interface AppliedTarget {
  /** The year whose target this is (the date's year, or the latest earlier year that has one). */
  year: number;
  level4Pct: number;
  /** Of all current offerings, or of those eligible to be fully online. */
  basis: TargetBasis;
  note: string | null;
  /** The year of the date it was looked up for. */
  forYear: number;
}

export const MIN_TARGET_YEAR = 2000;
export const MAX_TARGET_YEAR = 2100;
export const MAX_NOTE_CHARS = 300;

/** The target for a date's year, else the latest earlier year's; null when no year up to then has one. */
export function targetForDate(date: string, targets: readonly CoverageTarget[]): AppliedTarget | null {
  const forYear = Number(date.slice(0, 4));
  let best: CoverageTarget | null = null;
  for (const target of targets) {
    if (target.year <= forYear && (best === null || target.year > best.year)) best = target;
  }
  return best && { year: best.year, level4Pct: best.level4Pct, basis: best.basis, note: best.note, forYear };
}

export type TargetInputProblem = 'year' | 'percent' | 'decimals' | 'basis' | 'note-too-long';

export const TARGET_BASES: readonly TargetBasis[] = ['all', 'eligible'];

export function isTargetBasis(value: unknown): value is TargetBasis {
  return typeof value === 'string' && (TARGET_BASES as readonly string[]).includes(value);
}

/** A year written as four digits, within the range the catalogue covers. */
export function parseTargetYear(text: string): number | null {
  if (!/^\d{4}$/.test(text.trim())) return null;
  const year = Number(text.trim());
  return year >= MIN_TARGET_YEAR && year <= MAX_TARGET_YEAR ? year : null;
}

/**
 * A share 0–100 with at most two decimals, written "30", "27.5", "27,5" (Vietnamese decimal comma) or "30%".
 * Returns the problem when it is not one.
 */
export function parseTargetPercent(text: string): number | 'percent' | 'decimals' {
  const m = /^(\d{1,3})(?:[.,](\d+))?\s*%?$/.exec(text.trim());
  if (!m) return 'percent';
  if (m[2] !== undefined && m[2].length > 2) return 'decimals';
  const value = Number(`${m[1]}.${m[2] ?? '0'}`);
  return value <= 100 ? value : 'percent';
}

export interface TargetInput {
  year: string;
  percent: string;
  /** 'all' or 'eligible'; not given: the stored basis, or 'all' for a new year. */
  basis?: string;
  note?: string;
}

/** Validates a target as typed by a person; every problem at once. */
export function validateTargetInput(
  input: TargetInput,
): { year: number; level4Pct: number; basis: TargetBasis | undefined; note: string | undefined } | { problems: TargetInputProblem[] } {
  const problems: TargetInputProblem[] = [];
  const basis = input.basis?.trim();
  if (basis !== undefined && !isTargetBasis(basis)) problems.push('basis');
  const year = parseTargetYear(input.year);
  if (year === null) problems.push('year');
  const percent = parseTargetPercent(input.percent);
  if (typeof percent !== 'number') problems.push(percent);
  const note = input.note === undefined ? undefined : cleanText(input.note);
  if (note !== undefined && note.length > MAX_NOTE_CHARS) problems.push('note-too-long');
  if (problems.length > 0 || year === null || typeof percent !== 'number' || (basis !== undefined && !isTargetBasis(basis))) return { problems };
  return { year, level4Pct: percent, basis, note };
}

export async function getTargets(db: Kysely<Database>): Promise<CoverageTarget[]> {
  return listTargets(db);
}

export async function setTarget(
  db: Kysely<Database>,
  target: { year: number; level4Pct: number; basis?: TargetBasis; note: string | undefined },
  by: string,
  now: Date,
  address: string | null = null,
): Promise<'inserted' | 'updated'> {
  // An empty note clears it; no note keeps the stored one.
  const note = target.note === undefined ? undefined : target.note === '' ? null : target.note;
  const outcome = await saveTarget(db, { year: target.year, level4Pct: target.level4Pct, basis: target.basis, note, updatedAt: now.toISOString(), updatedBy: by });
  // The dashboard's pages are cached per catalogue version: a new target must show at once.
  await bumpCatalogueVersion(db, now.toISOString());
  await audit(db, { at: now.toISOString(), actor: by, action: 'target-set', detail: { year: target.year, level4Pct: target.level4Pct, basis: target.basis, ...(note !== undefined ? { note } : {}) }, address });
  return outcome;
}
