/**
 * Tiers of government (cấp thực hiện). Stored as stable English identifiers; the set is data-driven in
 * the sense that an offering may carry any subset, and lists after 1/7/2025 simply have no district tier.
 */
export const TIERS = ['central', 'province', 'district', 'commune', 'other'] as const;
export type Tier = (typeof TIERS)[number];

export function isTier(value: string): value is Tier {
  return (TIERS as readonly string[]).includes(value);
}

/** Canonical order for storage and display. */
export function sortTiers(tiers: Iterable<Tier>): Tier[] {
  const set = new Set(tiers);
  return TIERS.filter((t) => set.has(t));
}

export type OfferingStatus = 'current' | 'withdrawn';
