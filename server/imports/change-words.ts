/**
 * What one previewed change does, in words a clerk reads: "mức độ 3 (một phần) → mức độ 4 (toàn trình)",
 * "mới tích hợp trên Cổng DVCQG", "bãi bỏ". The same words on the preview, the import's page and the undo page.
 */
import type { OfferingChange } from '../../imports/run-import';

export interface ChangeWords {
  level: Record<number, string>;
  levelChange: string;
  newOffering: string;
  integrated: string;
  unintegrated: string;
  withdrawn: string;
  current: string;
  other: string;
}

const fill = (template: string, values: Record<string, string>): string => template.replace(/%(\w+)%/g, (m, k: string) => values[k] ?? m);

export function changeWords(change: Pick<OfferingChange, 'outcome' | 'before' | 'after'>, words: ChangeWords): string[] {
  const { before, after } = change;
  if (!before) {
    const out = [fill(words.newOffering, { level: words.level[after.level] ?? String(after.level) })];
    if (after.portalIntegrated === 1) out.push(words.integrated);
    if (after.status === 'withdrawn') out.push(words.withdrawn);
    return out;
  }
  const out: string[] = [];
  if (before.level !== after.level) {
    out.push(fill(words.levelChange, { from: words.level[before.level] ?? String(before.level), to: words.level[after.level] ?? String(after.level) }));
  }
  if (before.portalIntegrated !== after.portalIntegrated) out.push(after.portalIntegrated === 1 ? words.integrated : words.unintegrated);
  if (before.status !== after.status) out.push(after.status === 'withdrawn' ? words.withdrawn : words.current);
  // A change of the local code or the tiers only: the tracked state is the same on both sides.
  if (out.length === 0) out.push(words.other);
  return out;
}
