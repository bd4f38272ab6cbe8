/**
 * Everyday words for official ones: a query that says one also searches for the other. Kept as data, as people
 * say it on the left and as procedure names say it on the right; both are folded as the search box folds them.
 * A rule adds a search, it never removes the words typed: "làm giấy khai sinh" searches its own words and
 * "khai sinh" too, and the list shows what either finds.
 */
import { spellingKey } from './search-spelling';
import { searchTokens } from './text';

interface SynonymRule {
  /** What people type. */
  say: string;
  /** What procedure names say instead ('' drops the words). */
  mean: string;
  /** Only as the first words of the query, with more after them ("làm giấy khai sinh", not "làm việc"). */
  atStart?: boolean;
  /** The other way round too. */
  both?: boolean;
}

export const SEARCH_SYNONYMS: readonly SynonymRule[] = [
  { say: 'làm', mean: '', atStart: true },
  { say: 'xin', mean: '', atStart: true },
  { say: 'thủ tục', mean: '', atStart: true },
  { say: 'giấy khai sinh', mean: 'khai sinh' },
  { say: 'giấy khai tử', mean: 'khai tử' },
  { say: 'giấy đăng ký kết hôn', mean: 'đăng ký kết hôn' },
  { say: 'xin phép xây dựng', mean: 'cấp giấy phép xây dựng' },
  { say: 'xin giấy phép', mean: 'cấp giấy phép' },
  { say: 'đổi', mean: 'cấp lại', both: true },
  { say: 'làm lại', mean: 'cấp lại' },
  { say: 'hộ khẩu', mean: 'thường trú' },
  { say: 'hộ khẩu', mean: 'cư trú' },
  { say: 'nhập hộ khẩu', mean: 'đăng ký thường trú' },
  { say: 'bằng lái', mean: 'giấy phép lái xe' },
  { say: 'sổ đỏ', mean: 'giấy chứng nhận quyền sử dụng đất' },
  { say: 'chứng minh nhân dân', mean: 'căn cước' },
  { say: 'cmnd', mean: 'căn cước' },
  { say: 'cccd', mean: 'căn cước' },
  { say: 'mở công ty', mean: 'thành lập doanh nghiệp' },
  { say: 'thành lập công ty', mean: 'thành lập doanh nghiệp' },
  { say: 'giấy phép kinh doanh', mean: 'đăng ký kinh doanh' },
  { say: 'công chứng', mean: 'chứng thực' },
  { say: 'sao y', mean: 'chứng thực bản sao' },
];

/** At most this many searches for one query (its own words and the rewrites). */
const MAX_ALTERNATIVES = 8;

interface FoldedRule {
  from: string[];
  to: string[];
  atStart: boolean;
}

const key = (words: readonly string[]) => words.map(spellingKey);

const RULES: FoldedRule[] = SEARCH_SYNONYMS.flatMap((rule) => {
  const from = key(searchTokens(rule.say));
  const to = key(searchTokens(rule.mean));
  const forward = { from, to, atStart: rule.atStart ?? false };
  return rule.both ? [forward, { from: to, to: from, atStart: forward.atStart }] : [forward];
});

function indexOfPhrase(words: readonly string[], phrase: readonly string[], from: number): number {
  for (let at = from; at + phrase.length <= words.length; at++) {
    let all = true;
    for (let k = 0; k < phrase.length && all; k++) all = words[at + k] === phrase[k];
    if (all) return at;
  }
  return -1;
}

/** A list of words to search: every word must match; the last one as a prefix when `prefix` is set. */
export interface WordSearch {
  words: string[];
  prefix: boolean;
}

/**
 * The other searches a query also makes, from the rules above applied one after the other (so "làm giấy khai
 * sinh" becomes "giấy khai sinh", then "khai sinh"). `words` are folded search words and `prefix` whether the
 * last one is still being typed; a rewrite keeps that only while it ends with the query's own last word. The
 * lists returned hold spelling keys and never the query itself.
 */
export function widenedQueries(words: readonly string[], prefix: boolean): WordSearch[] {
  const own = { words: key(words), prefix };
  const found: WordSearch[] = [own];
  const seen = new Set([own.words.join(' ')]);
  for (const rule of RULES) {
    for (let i = 0; i < found.length && found.length < MAX_ALTERNATIVES; i++) {
      const current = found[i].words;
      const at = indexOfPhrase(current, rule.from, 0);
      if (at < 0 || (rule.atStart && (at !== 0 || current.length === rule.from.length))) continue;
      const next = [...current.slice(0, at), ...rule.to, ...current.slice(at + rule.from.length)];
      const text = next.join(' ');
      if (next.length === 0 || seen.has(text)) continue;
      seen.add(text);
      found.push({ words: next, prefix: prefix && next[next.length - 1] === own.words[own.words.length - 1] });
    }
  }
  return found.slice(1);
}
