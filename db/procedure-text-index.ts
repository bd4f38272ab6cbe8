/**
 * The search box's text index, in memory: procedure names and codes (their folded `search_text`) turned into
 * procedure positions, with the meaning and the ranking of the FTS5 query it replaces (db/sqlite-search.ts):
 * every word must match, the last one as a prefix; a word that the tokenizer splits ("v1.2") is a phrase; the
 * rank is FTS5's bm25 (k1 = 1.2, b = 0.75, one column), computed with the same formula in the same order, so
 * that results rank alike. Pure code, no database: the same on every backend.
 *
 * On top of FTS5's meaning, each word is taken by its spelling key (domain/search-spelling.ts: "ký" and "kí" are
 * one word), in the names and in the query alike, so that the HTML, JSON and CSV of a search all mean the same;
 * the key can be switched off, which leaves exactly FTS5's meaning (what the tests compare with FTS5 itself).
 */
import { spellingKey } from '../domain/search-spelling';

/** Characters inside a token, as FTS5's unicode61 tokenizer has them by default: letters, digits, private use. */
const SEPARATORS = /[^\p{L}\p{N}\p{Co}]+/u;

/** The tokens of a text as unicode61 with remove_diacritics 2 makes them: folded to lower case without marks. */
export function textTokens(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(SEPARATORS)
    .filter((t) => t.length > 0);
}

/** Orders strings as SQLite's BINARY collation does (UTF-8 bytes, i.e. code points), not as UTF-16 units. */
export function compareBinary(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      // In UTF-16 the surrogates (D800–DFFF) come before E000–FFFF; as code points they come after.
      if (x >= 0xd800) x = x <= 0xdfff ? x + 0x2000 : x - 0x800;
      if (y >= 0xd800) y = y <= 0xdfff ? y + 0x2000 : y - 0x800;
      return x - y;
    }
  }
  return a.length - b.length;
}

export interface TextMatches {
  /** Positions of the matching procedures, ascending. */
  procedures: Int32Array;
  /** Their bm25 rank, as FTS5 gives it (lower is better), by the same index. */
  rank: Float64Array;
}

const K1 = 1.2;
const B = 0.75;

export class ProcedureTextIndex {
  /** Distinct tokens in code-point order: the tokens sharing a prefix are one range of ids. */
  private readonly vocabulary: string[];
  private readonly tokenIds: Map<string, number>;
  /** Per token id: the procedures holding it (ascending) and how often each holds it. */
  private readonly postings: Int32Array[];
  private readonly frequencies: Int32Array[];
  /** Per procedure: its token ids in order (for words that are phrases) and its length in tokens. */
  private readonly documents: Int32Array[];
  private readonly averageLength: number;
  /** Scratch space for one search at a time (searches run synchronously). */
  private readonly hits: Int32Array;
  private readonly score: Float64Array;
  private readonly frequency: Float64Array;

  private readonly spelling: boolean;

  /** `texts[i]` is the search text of the procedure at position i; `spelling`: take words by their spelling key. */
  constructor(texts: readonly string[], options: { spelling?: boolean } = {}) {
    this.spelling = options.spelling ?? true;
    const tokenised = texts.map((t) => this.tokens(t));
    const distinct = new Set<string>();
    for (const tokens of tokenised) for (const t of tokens) distinct.add(t);
    this.vocabulary = [...distinct].sort(compareBinary);
    this.tokenIds = new Map(this.vocabulary.map((t, i) => [t, i]));
    let total = 0;
    const counts = new Int32Array(this.vocabulary.length);
    this.documents = tokenised.map((tokens) => {
      total += tokens.length;
      const ids = Int32Array.from(tokens, (t) => this.tokenIds.get(t) as number);
      for (const id of new Set(ids)) counts[id]++;
      return ids;
    });
    this.postings = Array.from(counts, (c) => new Int32Array(c));
    this.frequencies = Array.from(counts, (c) => new Int32Array(c));
    const filled = new Int32Array(this.vocabulary.length);
    this.documents.forEach((ids, doc) => {
      const perToken = new Map<number, number>();
      for (const id of ids) perToken.set(id, (perToken.get(id) ?? 0) + 1);
      for (const [id, f] of perToken) {
        this.postings[id][filled[id]] = doc;
        this.frequencies[id][filled[id]] = f;
        filled[id]++;
      }
    });
    this.averageLength = texts.length > 0 ? total / texts.length : 0;
    this.hits = new Int32Array(texts.length);
    this.score = new Float64Array(texts.length);
    this.frequency = new Float64Array(texts.length);
  }

  /** A text's tokens, by spelling key when the index uses them. */
  private tokens(text: string): string[] {
    const tokens = textTokens(text);
    return this.spelling ? tokens.map(spellingKey) : tokens;
  }

  get size(): number {
    return this.documents.length;
  }

  /** The ids of the tokens a query token stands for: itself, or as a prefix every token it begins. */
  private tokenRange(token: string, prefix: boolean): [number, number] {
    if (!prefix) {
      const id = this.tokenIds.get(token);
      return id === undefined ? [0, 0] : [id, id + 1];
    }
    let lo = 0;
    let hi = this.vocabulary.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareBinary(this.vocabulary[mid], token) < 0) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < this.vocabulary.length && this.vocabulary[end].startsWith(token)) end++;
    return [lo, end];
  }

  /** One query word's matches: the procedures and how many times each holds the word (as a phrase). */
  private phrase(word: string, prefix: boolean): { docs: number[]; freq: number[] } {
    const tokens = this.tokens(word);
    const ranges = tokens.map((t, i) => this.tokenRange(t, prefix && i === tokens.length - 1));
    const docs: number[] = [];
    const freq: number[] = [];
    if (tokens.length === 0 || ranges.some(([lo, hi]) => lo === hi)) return { docs, freq };
    if (tokens.length === 1) {
      const [lo, hi] = ranges[0];
      const f = this.frequency;
      const touched: number[] = [];
      for (let id = lo; id < hi; id++) {
        const p = this.postings[id];
        const n = this.frequencies[id];
        for (let j = 0; j < p.length; j++) {
          if (f[p[j]] === 0) touched.push(p[j]);
          f[p[j]] += n[j];
        }
      }
      touched.sort((a, b) => a - b);
      for (const d of touched) {
        docs.push(d);
        freq.push(f[d]);
        f[d] = 0;
      }
      return { docs, freq };
    }
    // A phrase: the procedures holding its first token, scanned for the tokens in a row.
    const first = ranges[0][0];
    for (const doc of this.postings[first]) {
      const ids = this.documents[doc];
      let count = 0;
      for (let at = 0; at + tokens.length <= ids.length; at++) {
        let all = true;
        for (let k = 0; k < tokens.length && all; k++) all = ids[at + k] >= ranges[k][0] && ids[at + k] < ranges[k][1];
        if (all) count++;
      }
      if (count > 0) {
        docs.push(doc);
        freq.push(count);
      }
    }
    return { docs, freq };
  }

  /** The procedures matching every word (the last one as a prefix unless not `prefix`), with their bm25 rank. */
  search(words: readonly string[], prefix = true): TextMatches {
    const rows = this.documents.length;
    const phrases = words.map((w, i) => this.phrase(w, prefix && i === words.length - 1));
    if (phrases.length === 0 || phrases.some((p) => p.docs.length === 0)) return { procedures: new Int32Array(0), rank: new Float64Array(0) };
    const hits = this.hits;
    for (const p of phrases) for (const d of p.docs) hits[d]++;
    const matched: number[] = [];
    for (const d of phrases[0].docs) if (hits[d] === phrases.length) matched.push(d);
    for (const p of phrases) for (const d of p.docs) hits[d] = 0;
    // bm25 as FTS5 computes it: per phrase, its IDF and each row's share, summed in the query's order.
    const score = this.score;
    for (const p of phrases) {
      let idf = Math.log((rows - p.docs.length + 0.5) / (p.docs.length + 0.5));
      if (idf <= 0.0) idf = 1e-6;
      for (let j = 0; j < p.docs.length; j++) {
        const d = p.docs[j];
        const f = p.freq[j];
        const length = this.documents[d].length;
        score[d] += idf * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + (B * length) / this.averageLength)));
      }
    }
    const rank = new Float64Array(matched.length);
    matched.forEach((d, i) => {
      rank[i] = -1.0 * score[d];
    });
    for (const p of phrases) for (const d of p.docs) score[d] = 0;
    return { procedures: Int32Array.from(matched), rank };
  }

  /** The procedures one of several searches finds, each with its best rank, in position order. */
  searchAny(searches: readonly { words: readonly string[]; prefix: boolean }[]): TextMatches {
    if (searches.length === 1) return this.search(searches[0].words, searches[0].prefix);
    const best = new Map<number, number>();
    for (const s of searches) {
      const { procedures, rank } = this.search(s.words, s.prefix);
      for (let k = 0; k < procedures.length; k++) {
        const was = best.get(procedures[k]);
        if (was === undefined || rank[k] < was) best.set(procedures[k], rank[k]);
      }
    }
    const procedures = Int32Array.from([...best.keys()].sort((a, b) => a - b));
    return { procedures, rank: Float64Array.from(procedures, (d) => best.get(d) as number) };
  }

  /** Whether a folded word is in the names (as a prefix when `prefix`). */
  knows(word: string, prefix: boolean): boolean {
    const tokens = this.tokens(word);
    return tokens.length > 0 && tokens.every((t, i) => {
      const [lo, hi] = this.tokenRange(t, prefix && i === tokens.length - 1);
      return lo < hi;
    });
  }

  /**
   * The word of the names closest to a folded word that is not among them (edit distance, at most 1 for words
   * of up to 4 letters and 2 for longer ones; among equals the word in the most names), or null.
   */
  closestWord(word: string): string | null {
    const target = this.tokens(word).join('');
    if (target.length < 2 || /\d/.test(target)) return null;
    const limit = target.length <= 4 ? 1 : 2;
    let best: string | null = null;
    let bestDistance = limit + 1;
    let bestCount = 0;
    for (let id = 0; id < this.vocabulary.length; id++) {
      const candidate = this.vocabulary[id];
      if (Math.abs(candidate.length - target.length) > limit || /\d/.test(candidate)) continue;
      const d = editDistance(target, candidate, limit + 1);
      const count = this.postings[id].length;
      if (d < bestDistance || (d === bestDistance && d <= limit && count > bestCount)) {
        best = candidate;
        bestDistance = d;
        bestCount = count;
      }
    }
    return bestDistance <= limit ? best : null;
  }
}

/** Levenshtein distance with adjacent swaps counted as one edit; anything beyond `cap` is returned as `cap`. */
export function editDistance(a: string, b: string, cap: number): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) >= cap) return cap;
  let before = new Array<number>(n + 1).fill(0);
  let previous = Array.from({ length: n + 1 }, (_, j) => j);
  let current = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2] + 1);
      current[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= cap) return cap;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[n], cap);
}
