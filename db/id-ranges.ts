/**
 * Reading a national catalogue's offerings in ranges of ids, with a turn of the event loop between two: one
 * statement over every offering holds the loop (and every other request) for hundreds of milliseconds on
 * SQLite, whose statements are synchronous; a range of a few thousand holds it for a few.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** The offering ids in ranges of `size`, [from, to), from the lowest id to the highest. */
export async function* offeringRanges(db: Kysely<Database>, size: number): AsyncGenerator<[number, number]> {
  const bounds = await db
    .selectFrom('offering')
    .select((eb) => [eb.fn.min<number>('id').as('low'), eb.fn.max<number>('id').as('high')])
    .executeTakeFirst();
  if (!bounds || bounds.low === null || bounds.high === null) return;
  for (let from = Number(bounds.low); from <= Number(bounds.high); from += size) {
    if (from > Number(bounds.low)) await new Promise<void>((resolve) => setImmediate(resolve));
    yield [from, from + size];
  }
}
