/**
 * Dates and times as read in Vietnam (UTC+7, no daylight saving), where the catalogue's users are. One place,
 * so that the importer's default effective date, the pages and the sign-in messages agree.
 */
const OFFSET_MS = 7 * 3600_000;

/** An instant (Date or ISO timestamp) as Vietnam's calendar date and clock time. */
export function vietnamTime(instant: Date | string): { date: string; time: string } {
  const local = new Date(new Date(instant).getTime() + OFFSET_MS).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 19) };
}
