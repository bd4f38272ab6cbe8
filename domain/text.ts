/**
 * Text normalisation shared by the importer, the database layer and the search box.
 * Pure functions: no I/O, no HTTP, no SQL.
 */

/** NFC, trimmed, inner whitespace (including non-breaking spaces) collapsed to one space. */
export function cleanText(value: string): string {
  return value.normalize('NFC').replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim();
}

/**
 * Folds Vietnamese text for matching: lower case, tone and vowel marks removed, đ → d.
 * "Đăng ký khai sinh" → "dang ky khai sinh". Works on NFC and NFD input alike.
 */
export function foldVietnamese(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

/** Key under which names are matched case-insensitively (agencies, fields): NFC, collapsed, lower case. */
export function nameKey(value: string): string {
  return cleanText(value).toLocaleLowerCase('vi');
}

/** URL-safe identifier from a Vietnamese name: "Sở Tư pháp" → "so-tu-phap". */
export function slugify(value: string): string {
  const slug = foldVietnamese(cleanText(value))
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug || 'x';
}

/** Folded words for search: punctuation becomes a space, so "1.001612" stays one token. */
export function searchTokens(value: string): string[] {
  return foldVietnamese(value)
    .replace(/[^a-z0-9.]+/g, ' ')
    .split(' ')
    .map((t) => t.replace(/^\.+|\.+$/g, ''))
    .filter((t) => t.length > 0);
}

/** Search text for a procedure: its folded name and code. */
export function procedureSearchText(code: string, name: string): string {
  return `${foldVietnamese(name)} ${code.toLowerCase()}`;
}
