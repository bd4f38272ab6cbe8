/**
 * Online public-service levels. Nghị định 43/2011/NĐ-CP defines levels 1–4; Nghị định 42/2022/NĐ-CP
 * replaced them with "toàn trình" (full online) and "một phần" (partial). Systems in use map
 * level 4 → toàn trình, level 3 → một phần, levels 1–2 → not an online service.
 */
export type ServiceLevel = 1 | 2 | 3 | 4;

export const SERVICE_LEVELS: readonly ServiceLevel[] = [1, 2, 3, 4];

export type Decree42Kind = 'full' | 'partial' | 'none';

export function decree42Kind(level: ServiceLevel): Decree42Kind {
  if (level === 4) return 'full';
  if (level === 3) return 'partial';
  return 'none';
}

export function isServiceLevel(value: unknown): value is ServiceLevel {
  return value === 1 || value === 2 || value === 3 || value === 4;
}
