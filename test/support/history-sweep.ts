/**
 * The reference the catalogue index's coverage is checked against (test/integration/coverage-index): the site
 * counts on the index (db/catalogue-index.ts coverage, quarter); this sweeps the history read by SQL.
 *
 * "As of a date", from the history the importer keeps: an offering's state on a date is its latest history
 * snapshot with an effective date on or before it (ties broken by the order of recording); an offering with
 * no snapshot by then did not exist yet. One pass over the history answers for many dates at once, so a
 * trend of forty quarters costs one read, not forty.
 */
import type { HistorySnapshot } from '../../db/coverage-repository';
import { countOffering, emptyTally, ProcedureStates, type CoverageCount, type CoverageTally } from '../../domain/coverage';

export type { HistorySnapshot };

export interface OfferingTimeline {
  offeringId: number;
  agencyId: number;
  procedureId: number;
  /** Its snapshots up to the last date, in the order they take effect. */
  snapshots: HistorySnapshot[];
  /** Its state on each date (same index as the dates), or undefined when it did not exist yet. */
  states: (HistorySnapshot | undefined)[];
}

/**
 * Walks the history (batches ordered by offering, effective date, recording order) and calls `visit` once per
 * offering with its state on each of `dates` (ascending YYYY-MM-DD).
 */
export async function sweepHistory(
  batches: AsyncIterable<HistorySnapshot[]>,
  dates: readonly string[],
  visit: (timeline: OfferingTimeline) => void,
): Promise<void> {
  for (let i = 1; i < dates.length; i++) {
    if (dates[i] < dates[i - 1]) throw new Error(`sweepHistory needs ascending dates (${dates[i - 1]} before ${dates[i]})`);
  }
  let snapshots: HistorySnapshot[] = [];
  const flush = (): void => {
    if (snapshots.length === 0) return;
    const states: (HistorySnapshot | undefined)[] = new Array(dates.length);
    let next = 0;
    let state: HistorySnapshot | undefined;
    for (let d = 0; d < dates.length; d++) {
      while (next < snapshots.length && snapshots[next].effectiveDate <= dates[d]) state = snapshots[next++];
      states[d] = state;
    }
    visit({ offeringId: snapshots[0].offeringId, agencyId: snapshots[0].agencyId, procedureId: snapshots[0].procedureId, snapshots, states });
    snapshots = [];
  };
  let previous: HistorySnapshot | undefined;
  for await (const batch of batches) {
    for (const row of batch) {
      if (previous && row.offeringId !== previous.offeringId) flush();
      else if (previous && row.effectiveDate < previous.effectiveDate) {
        throw new Error(`History of offering ${row.offeringId} is not ordered by effective date`);
      }
      snapshots.push(row);
      previous = row;
    }
  }
  flush();
}

/**
 * Coverage on each date, per agency and for the province (each procedure once): the offerings that existed
 * and were current then, in their state then.
 */
export async function tallyHistory(batches: AsyncIterable<HistorySnapshot[]>, dates: readonly string[]): Promise<CoverageCount[]> {
  const perDate = dates.map(() => new Map<number, CoverageTally>());
  const procedures = dates.map(() => new ProcedureStates());
  await sweepHistory(batches, dates, ({ agencyId, procedureId, states }) => {
    states.forEach((state, d) => {
      if (!state || state.status !== 'current') return;
      let tally = perDate[d].get(agencyId);
      if (!tally) perDate[d].set(agencyId, (tally = emptyTally()));
      countOffering(tally, state);
      procedures[d].add(procedureId, state);
    });
  });
  return perDate.map((byAgency, d) => ({ byAgency, province: procedures[d].tally() }));
}

/** Coverage per agency on each date (tallyHistory without the province). */
export async function tallyHistoryByAgency(batches: AsyncIterable<HistorySnapshot[]>, dates: readonly string[]): Promise<Map<number, CoverageTally>[]> {
  return (await tallyHistory(batches, dates)).map((count) => count.byAgency);
}
