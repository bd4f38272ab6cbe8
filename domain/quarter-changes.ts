/**
 * What a quarterly report lists as changed: an offering that existed when the quarter began and, by its end,
 * reached level 4, was integrated on the National Portal or was withdrawn; each dated from the day the change
 * has held without a break. Offerings first listed during the quarter are counted apart (added), so that the
 * lists show progress and not a first import. Pure: the catalogue index applies these rules to its history.
 */
import type { HistorySnapshot } from './coverage';

export type ListedChange = 'reachedLevel4' | 'newlyIntegrated' | 'withdrawn';

type State = Pick<HistorySnapshot, 'level' | 'portalIntegrated' | 'status'>;

export const isCurrent = (s: State | undefined): s is State => s !== undefined && s.status === 'current';
const atLevel4 = (s: State | undefined): boolean => isCurrent(s) && s.level === 4;
const integrated = (s: State | undefined): boolean => isCurrent(s) && s.portalIntegrated === 1;
const withdrawn = (s: State | undefined): boolean => s !== undefined && s.status === 'withdrawn';

/** What the report says of an offering added during the quarter (null: it is not counted as added). */
export function addedAs(after: State): { level4: boolean; integrated: boolean } | null {
  return isCurrent(after) ? { level4: atLevel4(after), integrated: integrated(after) } : null;
}

/** The changes listed for an offering from its state at the start and the end, each with what must hold since its date. */
export function listedChanges(before: State, after: State): { kind: ListedChange; holds: (s: State) => boolean }[] {
  const out: { kind: ListedChange; holds: (s: State) => boolean }[] = [];
  if (atLevel4(after) && !atLevel4(before)) out.push({ kind: 'reachedLevel4', holds: atLevel4 });
  if (integrated(after) && !integrated(before)) out.push({ kind: 'newlyIntegrated', holds: integrated });
  if (withdrawn(after) && isCurrent(before)) out.push({ kind: 'withdrawn', holds: withdrawn });
  return out;
}

/**
 * The date from which a condition has held without a break up to the last of the snapshots taking effect in
 * the quarter (in the order they take effect), or the quarter's end when none of them holds it.
 */
export function heldSince(snapshots: Iterable<Pick<HistorySnapshot, 'effectiveDate'> & State>, end: string, holds: (s: State) => boolean): string {
  let since: string | null = null;
  for (const s of snapshots) {
    if (holds(s)) since ??= s.effectiveDate;
    else since = null;
  }
  return since ?? end;
}
