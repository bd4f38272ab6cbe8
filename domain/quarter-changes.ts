/**
 * What a quarterly report lists as changed: an offering that existed when the quarter began and, by its end,
 * reached level 4, was integrated on the National Portal or was withdrawn; each dated from the day the change
 * has held without a break. Offerings first listed during the quarter are counted apart (added), so that the
 * lists show progress and not a first import. Pure: the catalogue index applies these rules to its history.
 */
import type { HistorySnapshot } from './coverage';
import type { ServiceLevel } from './levels';
import { dateNumber, dateOfNumber } from './time';

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
 * Of the snapshots first…last (numbered in the order they take effect, read through `stateAt`), the first from
 * which a condition has held without a break up to the last, or -1 when the last does not hold it.
 */
export function heldFrom(stateAt: (i: number) => State, first: number, last: number, holds: (s: State) => boolean): number {
  let since = -1;
  for (let i = first; i <= last; i++) {
    if (!holds(stateAt(i))) since = -1;
    else if (since < 0) since = i;
  }
  return since;
}

/**
 * The date from which a condition has held without a break up to the last of the snapshots taking effect in
 * the quarter (in the order they take effect), or the quarter's end when none of them holds it.
 */
export function heldSince(snapshots: readonly (Pick<HistorySnapshot, 'effectiveDate'> & State)[], end: string, holds: (s: State) => boolean): string {
  const since = heldFrom((i) => snapshots[i], 0, snapshots.length - 1, holds);
  return since < 0 ? end : snapshots[since].effectiveDate;
}

/** A change the report lists: the offering's state at the start and at the end of the quarter, and since when. */
export interface OfferingStateChange {
  before: HistorySnapshot;
  after: HistorySnapshot;
  date: string;
}

/**
 * Numbers per change in a packed list: offering, agency and procedure ids, the change's date, then the start's
 * and the end's date and state (see stateBitsOf). A national quarter lists a quarter of a million changes: they
 * cross from the reader thread as one array each list, not as a million objects to copy one by one.
 */
const CHANGE_NUMBERS = 8;

const flagBits = (flag: 0 | 1 | null): 0 | 1 | 2 => (flag === null ? 2 : flag);
const bitsFlag = (bits: number): 0 | 1 | null => (bits === 2 ? null : (bits as 0 | 1));

/**
 * A snapshot's level (3 bits), portal, QĐ 411 and eligible flags (2 bits each: 0, 1, 2 for not said) and
 * status (1 bit).
 */
export function stateBitsOf(level: number, portal: 0 | 1 | 2, qd411: 0 | 1 | 2, eligible: 0 | 1 | 2, withdrawn: boolean): number {
  return level | (portal << 3) | (qd411 << 5) | (eligible << 7) | ((withdrawn ? 1 : 0) << 9);
}

const stateBits = (s: HistorySnapshot): number =>
  stateBitsOf(s.level, flagBits(s.portalIntegrated), flagBits(s.qd411), flagBits(s.eligible), s.status === 'withdrawn');

function snapshotOf(bits: number, date: number, ids: { offeringId: number; agencyId: number; procedureId: number }): HistorySnapshot {
  return {
    ...ids,
    effectiveDate: dateOfNumber(date),
    level: (bits & 7) as ServiceLevel,
    portalIntegrated: bitsFlag((bits >> 3) & 3),
    qd411: bitsFlag((bits >> 5) & 3),
    eligible: bitsFlag((bits >> 7) & 3),
    status: (bits >> 9) & 1 ? 'withdrawn' : 'current',
  };
}

/** Room for `count` packed changes, each written with writeChange. */
export const packedChanges = (count: number): Int32Array => new Int32Array(count * CHANGE_NUMBERS);

/**
 * Writes change `i` of a packed list: its ids, its date, the start's and the end's date and state (dates as
 * dateNumber gives them, states as stateBitsOf), from numbers alone (the index writes a quarter's without objects).
 */
export function writeChange(
  packed: Int32Array,
  i: number,
  offeringId: number,
  agencyId: number,
  procedureId: number,
  date: number,
  beforeDate: number,
  beforeBits: number,
  afterDate: number,
  afterBits: number,
): void {
  const at = i * CHANGE_NUMBERS;
  packed[at] = offeringId;
  packed[at + 1] = agencyId;
  packed[at + 2] = procedureId;
  packed[at + 3] = date;
  packed[at + 4] = beforeDate;
  packed[at + 5] = beforeBits;
  packed[at + 6] = afterDate;
  packed[at + 7] = afterBits;
}

/** Changes, in their order, as one array of numbers (the offering, agency and procedure are the end snapshot's). */
export function packChanges(changes: readonly OfferingStateChange[]): Int32Array {
  const packed = packedChanges(changes.length);
  changes.forEach(({ before, after, date }, i) => {
    const [beforeDate, afterDate] = [dateNumber(before.effectiveDate), dateNumber(after.effectiveDate)];
    writeChange(packed, i, after.offeringId, after.agencyId, after.procedureId, dateNumber(date), beforeDate, stateBits(before), afterDate, stateBits(after));
  });
  return packed;
}

/** How many changes a packed list holds. */
export const packedChangeCount = (packed: Int32Array): number => packed.length / CHANGE_NUMBERS;

/** Changes from-1 … to-1 of a packed list, as they were packed. */
export function unpackChanges(packed: Int32Array, from = 0, to = packedChangeCount(packed)): OfferingStateChange[] {
  const out: OfferingStateChange[] = [];
  for (let i = Math.max(0, from); i < Math.min(to, packedChangeCount(packed)); i++) {
    const at = i * CHANGE_NUMBERS;
    const ids = { offeringId: packed[at], agencyId: packed[at + 1], procedureId: packed[at + 2] };
    out.push({ before: snapshotOf(packed[at + 5], packed[at + 4], ids), after: snapshotOf(packed[at + 7], packed[at + 6], ids), date: dateOfNumber(packed[at + 3]) });
  }
  return out;
}
