/**
 * What a citizen does after finding a procedure: where it is done online (the address imported for an
 * offering, else the province's portal and the National Portal with the code to look for), where an
 * application is followed, and the procedure's steps, documents and forms as readable sections. Every
 * address is checked again here, whatever was checked when it was imported (domain/web-address.ts).
 */
import { safeWebAddress } from '../../domain/web-address';
import type { DetailKey } from '../../domain/import-fields';

export interface ActionLink {
  href: string;
  host: string;
}

/** The National Public Service Portal, where every procedure can be looked up by its code. */
export const NATIONAL_PORTAL_URL = 'https://dichvucong.gov.vn';

export interface ProcedureActions {
  /** Some current offering is level 3 or 4: the procedure can be filed online somewhere. */
  online: boolean;
  /** The one address every current offering with an address shares: the page's main button. */
  main: ActionLink | null;
  /** Current offerings give different addresses: each agency's row carries its own. */
  several: boolean;
  /** Where no offering has an address: the province's portal (when configured) and the National Portal, with the code to look for. */
  fallback: { portal: ActionLink | null; national: ActionLink; code: string } | null;
  /** Application tracking (TRACKING_URL), when configured. */
  tracking: ActionLink | null;
  /** Each offering's own address (checked), in the order of the offerings; null where it has none. */
  byOffering: (ActionLink | null)[];
}

interface OfferingLike {
  status: 'current' | 'withdrawn';
  level: number;
  onlineUrl: string | null;
}

export function procedureActions(
  procedure: { code: string; offerings: readonly OfferingLike[] },
  config: { portalUrl?: string; trackingUrl?: string },
): ProcedureActions {
  const byOffering = procedure.offerings.map((o) => (o.status === 'current' ? safeWebAddress(o.onlineUrl) : null));
  const distinct = [...new Map(byOffering.filter((l): l is ActionLink => l !== null).map((l) => [l.href, l])).values()];
  const online = procedure.offerings.some((o) => o.status === 'current' && o.level >= 3);
  return {
    online,
    main: distinct.length === 1 ? distinct[0]! : null,
    several: distinct.length > 1,
    fallback:
      distinct.length === 0 ? { portal: safeWebAddress(config.portalUrl), national: safeWebAddress(NATIONAL_PORTAL_URL)!, code: procedure.code } : null,
    tracking: safeWebAddress(config.trackingUrl),
    byOffering,
  };
}

/** One line of a section: its text, and an address at its end made a link (a form's name and where to get it). */
export interface SectionLine {
  text: string;
  link: ActionLink | null;
}

/** A section's blocks: paragraphs, and lists made of consecutive lines that begin with "-", "+", "•" or "*". */
export type SectionBlock = { kind: 'paragraph'; line: SectionLine } | { kind: 'list'; items: SectionLine[] };

export interface DetailSection {
  key: DetailKey;
  blocks: SectionBlock[];
}

const BULLET = /^[-+•*–]\s+/;
const TRAILING_ADDRESS = /(^|\s)(https?:\/\/\S+)$/i;

function sectionLine(text: string): SectionLine {
  const found = TRAILING_ADDRESS.exec(text);
  const link = found ? safeWebAddress(found[2]) : null;
  if (!found || !link) return { text, link: null };
  return { text: text.slice(0, found.index + found[1]!.length).replace(/[\s:–-]+$/, ''), link };
}

/** A stored multi-line text as blocks to render (every text escaped by the view). */
export function sectionBlocks(text: string): SectionBlock[] {
  const blocks: SectionBlock[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (BULLET.test(line)) {
      const item = sectionLine(line.replace(BULLET, ''));
      const last = blocks[blocks.length - 1];
      if (last?.kind === 'list') last.items.push(item);
      else blocks.push({ kind: 'list', items: [item] });
    } else blocks.push({ kind: 'paragraph', line: sectionLine(line) });
  }
  return blocks;
}

/** The sections a procedure page shows, in this order, for the details that are filled. */
export function detailSections(procedure: Partial<Record<DetailKey, string | null>>, keys: readonly DetailKey[]): DetailSection[] {
  return keys.flatMap((key) => {
    const text = procedure[key];
    return text ? [{ key, blocks: sectionBlocks(text) }] : [];
  });
}
