/**
 * Full-text search over procedure names, SQLite's way: an FTS5 index over `procedure.search_text` (the
 * folded name and code), kept in step by triggers. The site searches with the in-memory text index
 * (db/procedure-text-index.ts), the same on both backends; this index is the reference it is tested against
 * (PostgreSQL's counterpart, a trigram index, is db/postgres-search.ts).
 *
 * User input never reaches FTS syntax: every word becomes a double-quoted string (quotes inside doubled),
 * so `*`, `-`, `:`, parentheses, NEAR and OR are searched as text.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';

export async function createProcedureSearch(db: Kysely<any>): Promise<void> {
  await sql`create virtual table procedure_fts using fts5(
    search_text, content='procedure', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
  )`.execute(db);
  await sql`create trigger procedure_fts_insert after insert on procedure begin
    insert into procedure_fts(rowid, search_text) values (new.id, new.search_text);
  end`.execute(db);
  await sql`create trigger procedure_fts_delete after delete on procedure begin
    insert into procedure_fts(procedure_fts, rowid, search_text) values ('delete', old.id, old.search_text);
  end`.execute(db);
  await sql`create trigger procedure_fts_update after update of search_text on procedure begin
    insert into procedure_fts(procedure_fts, rowid, search_text) values ('delete', old.id, old.search_text);
    insert into procedure_fts(rowid, search_text) values (new.id, new.search_text);
  end`.execute(db);
  await sql`insert into procedure_fts(procedure_fts) values ('rebuild')`.execute(db);
}

export async function dropProcedureSearch(db: Kysely<any>): Promise<void> {
  for (const trigger of ['procedure_fts_insert', 'procedure_fts_delete', 'procedure_fts_update']) {
    await sql`drop trigger if exists ${sql.raw(trigger)}`.execute(db);
  }
  await sql`drop table if exists procedure_fts`.execute(db);
}

/** An FTS5 query matching all the words, the last one as a prefix (the user may still be typing) unless not `prefix`. */
export function ftsQuery(words: string[], prefix = true): string {
  return words.map((w, i) => `"${w.replace(/"/g, '""')}"${prefix && i === words.length - 1 ? '*' : ''}`).join(' ');
}

/**
 * A derived table `(procedure_id, rank)` of procedures whose name matches all the words of one of the searches,
 * best first (bm25: lower is better; a procedure that several searches find has its best rank). Join it to
 * narrow and rank a query.
 */
export function matchingProcedures(searches: { words: string[]; prefix: boolean }[]): RawBuilder<{ procedure_id: number; rank: number }> {
  const one = (s: { words: string[]; prefix: boolean }) => sql`select rowid as procedure_id, rank from procedure_fts where procedure_fts match ${ftsQuery(s.words, s.prefix)}`;
  if (searches.length === 1) return sql<{ procedure_id: number; rank: number }>`(${one(searches[0])})`;
  const union = sql.join(searches.map(one), sql` union all `);
  return sql<{ procedure_id: number; rank: number }>`(select procedure_id, min(rank) as rank from (${union}) group by procedure_id)`;
}
