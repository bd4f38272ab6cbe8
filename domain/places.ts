/**
 * Finding a person's place (a commune, ward or agency) from what they typed: each typed word must begin a word of
 * the place's name, accents and case aside ("binh chau" finds "UBND xã Bình Châu").
 */
import { searchTokens } from './text';

export interface NamedPlace {
  slug: string;
  name: string;
}

/** The places whose names hold every typed word (as the start of one of their words), in the order given. */
export function placesMatching<P extends NamedPlace>(places: readonly P[], typed: string, words: (place: P) => readonly string[] = (p) => searchTokens(p.name)): P[] {
  const wanted = searchTokens(typed);
  if (wanted.length === 0) return [];
  return places.filter((place) => {
    const own = words(place);
    return wanted.every((w) => own.some((o) => o.startsWith(w)));
  });
}
