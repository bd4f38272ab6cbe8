/**
 * The rule both import stores follow for a row that meets an existing offering (db/sqlite-import-store.ts,
 * db/postgres-import-store.ts): one definition, so that the backends cannot drift apart.
 */
import type { OfferingInput, OfferingState, RowOutcome } from './import-store';
import type { Flag, HistoryChange, OfferingRow } from './schema';

/** A stored flag after a row: the row's value, or what is stored when the file has no such column. */
export function toFlag(value: boolean | undefined, stored: Flag): Flag {
  if (value === undefined) return stored;
  return value ? 1 : 0;
}

/** What an import may change of an existing offering, as stored. */
export type StoredOfferingState = Pick<OfferingRow, 'local_code' | 'tiers' | 'online_url' | 'level' | 'portal_integrated' | 'qd411' | 'eligible' | 'status'>;

/**
 * What one row makes of an existing offering, the rule both stores follow: its next values, whether a tracked
 * value changed (level, integration, QĐ 411, eligibility, status: a history row) or only another one (local
 * code, tiers, the online address), the states before and after, the history's word for the change and the row's outcome.
 */
export function offeringChange(stored: StoredOfferingState, row: OfferingInput) {
  const next = {
    localCode: row.localCode ?? stored.local_code,
    tiers: row.tiers === undefined ? stored.tiers : row.tiers.join(','),
    // Like the local code: an empty cell or no such column keeps the stored address; another address replaces it.
    onlineUrl: row.onlineUrl ?? stored.online_url,
    level: row.level,
    portal: toFlag(row.portalIntegrated, stored.portal_integrated),
    qd411: toFlag(row.qd411, stored.qd411),
    eligible: toFlag(row.eligible, stored.eligible),
    status: row.status,
  };
  const tracked =
    next.level !== stored.level ||
    next.portal !== stored.portal_integrated ||
    next.qd411 !== stored.qd411 ||
    next.eligible !== stored.eligible ||
    next.status !== stored.status;
  const other = next.localCode !== stored.local_code || next.tiers !== stored.tiers || next.onlineUrl !== stored.online_url;
  const before: OfferingState = { level: stored.level, portalIntegrated: stored.portal_integrated, status: stored.status };
  const after: OfferingState = { level: next.level, portalIntegrated: next.portal, status: next.status };
  const change: HistoryChange = next.status === stored.status ? 'updated' : next.status === 'withdrawn' ? 'withdrawn' : 'restored';
  const outcome: RowOutcome = !tracked && !other ? 'unchanged' : next.status === 'withdrawn' && stored.status !== 'withdrawn' ? 'withdrawn' : 'updated';
  return { next, tracked, changed: tracked || other, before, after, change, outcome };
}

