/**
 * A typed choice among thousands of named places or agencies: the catalogue's place ("where I live") and the
 * trend's agency. Beyond PLACE_LIST_MAX names, a page does not offer them all in one choice (a national
 * catalogue's 7,646 agencies made a 1 MB trend page): the person types a name, and gets the one it names,
 * or the first of those it matches to choose from.
 */
import { placesMatching, type NamedPlace } from '../../domain/places';
import { searchTokens } from '../../domain/text';
import { timeSlices } from './turns';

/** Up to this many names, a page offers them all in one choice; beyond it, the name is typed. */
export const PLACE_LIST_MAX = 300;
/** How many of the names a typed text matched are offered. */
export const PLACE_MATCHES_SHOWN = 20;

/** The places of one catalogue version: the list, by slug, and each name's words. */
export interface PlaceDirectory<P extends NamedPlace> {
  list: P[];
  bySlug: Map<string, P>;
  words: Map<string, string[]>;
}

export async function placeDirectory<P extends NamedPlace>(list: P[]): Promise<PlaceDirectory<P>> {
  const words = new Map<string, string[]>();
  // In slices of time: 7,646 agency names took 75 ms in one turn.
  const slice = timeSlices();
  for (let i = 0; i < list.length; i++) {
    await slice();
    words.set(list[i].slug, searchTokens(list[i].name));
  }
  return { list, bySlug: new Map(list.map((p) => [p.slug, p])), words };
}

/** What a request's text names: one place, several to choose from (the first PLACE_MATCHES_SHOWN), or none. */
export type TypedChoice<P> =
  | { place: P; matches: null }
  | { place: null; matches: { typed: string; places: P[]; count: number } };

/**
 * The place `typed` names: the one with that slug; else the one whose name it matches, or whose name it is
 * (accents and case aside) when it matches several; else those it matches (count 0: none).
 */
export function choosePlace<P extends NamedPlace>(directory: PlaceDirectory<P>, typed: string): TypedChoice<P> {
  const bySlug = directory.bySlug.get(typed);
  if (bySlug) return { place: bySlug, matches: null };
  const wordsOf = (p: P) => directory.words.get(p.slug) ?? [];
  const found = placesMatching(directory.list, typed, wordsOf);
  if (found.length === 1) return { place: found[0], matches: null };
  const whole = searchTokens(typed).join(' ');
  const named = found.filter((p) => wordsOf(p).join(' ') === whole);
  if (named.length === 1) return { place: named[0], matches: null };
  return { place: null, matches: { typed: typed.slice(0, 60), places: found.slice(0, PLACE_MATCHES_SHOWN), count: found.length } };
}
