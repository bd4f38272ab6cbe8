/**
 * Reading a national catalogue's offerings in ranges of ids, with a turn of the event loop between two: one
 * statement over every offering holds the loop (and every other request) for hundreds of milliseconds on
 * SQLite, whose statements are synchronous; a range of a few thousand holds it for tens of milliseconds.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema';
import { nextTurn } from './turns';

/** The offering ids in ranges of `size`, [from, to), from the lowest id to the highest. */
export async function* offeringRanges(db: Kysely<Database>, size: number): AsyncGenerator<[number, number]> {
  // Two statements: SQLite finds a min or a max alone by the primary key, but both at once by a full scan.
  const low = await db.selectFrom('offering').select((eb) => eb.fn.min<number>('id').as('id')).executeTakeFirst();
  const high = await db.selectFrom('offering').select((eb) => eb.fn.max<number>('id').as('id')).executeTakeFirst();
  if (low?.id == null || high?.id == null) return;
  for (let from = Number(low.id); from <= Number(high.id); from += size) {
    // One range per turn, whoever else reads in ranges meanwhile (a dashboard reads several at once), the
    // first one too: what ran before in this turn (another reader's last range) is not added to it.
    await nextTurn();
    yield [from, from + size];
  }
}
