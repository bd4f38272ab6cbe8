/**
 * What a coverage figure counts, as a tally of offerings. Pure: the database layer fills tallies with SQL
 * for today's catalogue, the history sweep fills them snapshot by snapshot for a past date, and both count
 * a flag only when it is 1 — the same rule as the catalogue list's "yes" filters, so every count matches
 * the list it links to.
 */
import type { ServiceLevel } from './levels';
import type { OfferingStatus, Tier } from './tiers';

/** An agency as the coverage pages name and link it. */
export interface AgencyRef {
  id: number;
  name: string;
  slug: string;
}

/** A field as the coverage pages name and link it. */
export interface FieldRef {
  name: string;
  slug: string;
}

export interface CoverageTally {
  /** Current (not withdrawn) offerings. */
  total: number;
  byLevel: Record<ServiceLevel, number>;
  portalIntegrated: number;
  qd411Listed: number;
  /** Listed under QĐ 411 and integrated on the National Portal. */
  qd411Integrated: number;
  eligible: number;
  /** Eligible and at level 4. */
  eligibleLevel4: number;
}

export function emptyTally(): CoverageTally {
  return { total: 0, byLevel: { 1: 0, 2: 0, 3: 0, 4: 0 }, portalIntegrated: 0, qd411Listed: 0, qd411Integrated: 0, eligible: 0, eligibleLevel4: 0 };
}

/** The tracked state of one current offering: its level and its flags (0, 1, or null when not said). */
export interface OfferingState {
  level: ServiceLevel;
  portalIntegrated: 0 | 1 | null;
  qd411: 0 | 1 | null;
  eligible: 0 | 1 | null;
}

/** One history row: the full tracked state of an offering from its effective date (YYYY-MM-DD) on. */
export interface HistorySnapshot extends OfferingState {
  offeringId: number;
  agencyId: number;
  procedureId: number;
  effectiveDate: string;
  status: OfferingStatus;
}

/** Adds one current offering (or `count` offerings in the same state). */
export function countOffering(tally: CoverageTally, state: OfferingState, count = 1): void {
  tally.total += count;
  tally.byLevel[state.level] += count;
  if (state.portalIntegrated === 1) tally.portalIntegrated += count;
  if (state.qd411 === 1) {
    tally.qd411Listed += count;
    if (state.portalIntegrated === 1) tally.qd411Integrated += count;
  }
  if (state.eligible === 1) {
    tally.eligible += count;
    if (state.level === 4) tally.eligibleLevel4 += count;
  }
}

export function addTally(into: CoverageTally, from: CoverageTally): CoverageTally {
  into.total += from.total;
  for (const level of [1, 2, 3, 4] as const) into.byLevel[level] += from.byLevel[level];
  into.portalIntegrated += from.portalIntegrated;
  into.qd411Listed += from.qd411Listed;
  into.qd411Integrated += from.qd411Integrated;
  into.eligible += from.eligible;
  into.eligibleLevel4 += from.eligibleLevel4;
  return into;
}

/** Which offerings a coverage figure covers: tiers and fields (slugs), as on the catalogue list. */
export interface CoverageScope {
  tiers: Tier[];
  fields: string[];
}

export const WHOLE_CATALOGUE: CoverageScope = { tiers: [], fields: [] };

/** A stable text key for a scope (for caches): the same offerings give the same key. */
export function scopeKey(scope: CoverageScope): string {
  return `t=${[...scope.tiers].sort().join(',')};f=${[...scope.fields].sort().join(',')}`;
}

/**
 * An offering's state as the counts see it, as one number below STATE_CODES: the level in the low two bits,
 * then a bit for each flag that is 1 (a flag that is 0 or not said counts the same: not at all).
 */
export function stateCode(level: number, portalIntegrated: number | null, qd411: number | null, eligible: number | null): number {
  return (level - 1) | (portalIntegrated === 1 ? 4 : 0) | (qd411 === 1 ? 8 : 0) | (eligible === 1 ? 16 : 0);
}

export const STATE_CODES = 32;

/** Each state code's state. */
const STATES: readonly OfferingState[] = Array.from({ length: STATE_CODES }, (_, code) => ({
  level: ((code & 3) + 1) as ServiceLevel,
  portalIntegrated: code & 4 ? 1 : 0,
  qd411: code & 8 ? 1 : 0,
  eligible: code & 16 ? 1 : 0,
}));

/**
 * A coverage count of many offerings, kept as how many of each agency's offerings are in each state (agencies
 * by position 0 … agencies-1) and each procedure's best state: adding an offering is one increment, and the
 * tallies are made once at the end (countOffering once per agency and state, not once per offering: at
 * 1,000,000 offerings, a fraction of the time).
 */
export class StateCounts {
  private readonly counts: Int32Array;
  private readonly procedures = new ProcedureStates();

  constructor(private readonly agencies: number) {
    this.counts = new Int32Array(agencies * STATE_CODES);
  }

  /** Adds one current offering of agency position `agency` and procedure `procedure` in state `code` (stateCode). */
  add(agency: number, procedure: number, code: number): void {
    this.counts[agency * STATE_CODES + code]++;
    this.procedures.addCode(procedure, code);
  }

  /** The tallies, each agency under its id (`agencyIds` by position); agencies with no offering are left out. */
  count(agencyIds: ArrayLike<number>): CoverageCount {
    const byAgency = new Map<number, CoverageTally>();
    for (let agency = 0; agency < this.agencies; agency++) {
      let tally: CoverageTally | undefined;
      for (let code = 0; code < STATE_CODES; code++) {
        const n = this.counts[agency * STATE_CODES + code];
        if (n > 0) countOffering((tally ??= emptyTally()), STATES[code], n);
      }
      if (tally) byAgency.set(agencyIds[agency], tally);
    }
    return { byAgency, province: this.procedures.tally() };
  }
}

/**
 * The province row as the National Portal counts it: each procedure once, whichever agencies carry it. A
 * procedure is counted at the best level any of its current offerings (in scope) is provided at — the
 * service exists online in the province if one agency provides it so — and as eligible, integrated or
 * QĐ 411-listed when any of them is; "eligible and toàn trình" when one offering is both. Kept as one byte
 * per procedure id (level in the low 3 bits, flags above), so that a trend of forty dates over a national
 * catalogue stays small.
 */
export class ProcedureStates {
  private states = new Uint8Array(1024);

  private static readonly PORTAL = 8;
  private static readonly QD411 = 16;
  private static readonly QD411_PORTAL = 32;
  private static readonly ELIGIBLE = 64;
  private static readonly ELIGIBLE_L4 = 128;

  /** Adds one current offering of a procedure. */
  add(procedureId: number, state: OfferingState): void {
    this.addCode(procedureId, stateCode(state.level, state.portalIntegrated, state.qd411, state.eligible));
  }

  /** Adds one current offering of a procedure, its state as `stateCode` numbers it. */
  addCode(procedureId: number, code: number): void {
    if (procedureId >= this.states.length) {
      let size = this.states.length;
      while (size <= procedureId) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.states);
      this.states = grown;
    }
    const before = this.states[procedureId];
    this.states[procedureId] = (before & ~7) | ProcedureStates.FLAGS[code] | Math.max(before & 7, (code & 3) + 1);
  }

  /** The flag bits a state code sets. */
  private static readonly FLAGS = Uint8Array.from(STATES, (state) => {
    const P = ProcedureStates;
    let flags = 0;
    if (state.portalIntegrated === 1) flags |= P.PORTAL;
    if (state.qd411 === 1) flags |= P.QD411;
    if (state.qd411 === 1 && state.portalIntegrated === 1) flags |= P.QD411_PORTAL;
    if (state.eligible === 1) flags |= P.ELIGIBLE;
    if (state.eligible === 1 && state.level === 4) flags |= P.ELIGIBLE_L4;
    return flags;
  });

  /** The tally of the procedures seen: one each. */
  tally(): CoverageTally {
    const P = ProcedureStates;
    const tally = emptyTally();
    for (const s of this.states) {
      if (s === 0) continue;
      tally.total++;
      tally.byLevel[(s & 7) as ServiceLevel]++;
      if (s & P.PORTAL) tally.portalIntegrated++;
      if (s & P.QD411) tally.qd411Listed++;
      if (s & P.QD411_PORTAL) tally.qd411Integrated++;
      if (s & P.ELIGIBLE) tally.eligible++;
      if (s & P.ELIGIBLE_L4) tally.eligibleLevel4++;
    }
    return tally;
  }
}

/** Today's or a date's coverage: per agency (each agency's procedures) and for the province (each procedure once). */
export interface CoverageCount {
  byAgency: Map<number, CoverageTally>;
  province: CoverageTally;
}

/** A tally's counts in a fixed order: how a tally is packed into numbers (packCoverage). */
const TALLY_NUMBERS = 10;

function writeTally(into: Int32Array, at: number, t: CoverageTally): void {
  into.set([t.total, t.byLevel[1], t.byLevel[2], t.byLevel[3], t.byLevel[4], t.portalIntegrated, t.qd411Listed, t.qd411Integrated, t.eligible, t.eligibleLevel4], at);
}

function readTally(from: Int32Array, at: number): CoverageTally {
  return {
    total: from[at],
    byLevel: { 1: from[at + 1], 2: from[at + 2], 3: from[at + 3], 4: from[at + 4] },
    portalIntegrated: from[at + 5],
    qd411Listed: from[at + 6],
    qd411Integrated: from[at + 7],
    eligible: from[at + 8],
    eligibleLevel4: from[at + 9],
  };
}

/**
 * A coverage count as one array of numbers: the province's tally, then each agency's id and tally. Counted in
 * the catalogue's reader thread, 1,750 agencies' tallies cross to the main thread as one array, not as
 * 1,750 objects to copy one by one.
 */
export function packCoverage(count: CoverageCount): Int32Array {
  const packed = new Int32Array(TALLY_NUMBERS + count.byAgency.size * (1 + TALLY_NUMBERS));
  writeTally(packed, 0, count.province);
  let at = TALLY_NUMBERS;
  for (const [agencyId, tally] of count.byAgency) {
    packed[at] = agencyId;
    writeTally(packed, at + 1, tally);
    at += 1 + TALLY_NUMBERS;
  }
  return packed;
}

export function unpackCoverage(packed: Int32Array): CoverageCount {
  const byAgency = new Map<number, CoverageTally>();
  for (let at = TALLY_NUMBERS; at < packed.length; at += 1 + TALLY_NUMBERS) byAgency.set(packed[at], readTally(packed, at + 1));
  return { byAgency, province: readTally(packed, 0) };
}
