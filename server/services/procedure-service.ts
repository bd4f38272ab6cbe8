/**
 * One procedure: found by its national, localized or old code; shown as a page, JSON, or a CPSV-AP
 * PublicService in JSON-LD for other catalogues.
 */
import { DETAIL_KEYS, PROCEDURE_DETAILS, type DetailKey } from '../../domain/import-fields';
import { safeWebAddress } from '../../domain/web-address';
import { contactsView } from '../../domain/agency-contacts';
import type { Kysely } from 'kysely';
import { findProcedureId, getProcedureDetail, type ProcedureDetail } from '../../db/procedure-repository';
import type { Database } from '../../db/schema';
import { parseCode } from '../../imports/values';
import { cleanText } from '../../domain/text';
import { flagValue as flag } from '../../db/schema';

export const MAX_CODE_CHARS = 64;

export async function findProcedure(db: Kysely<Database>, rawCode: string): Promise<ProcedureDetail | null> {
  const code = cleanText(rawCode).replace(/\s+/g, '');
  if (code === '' || code.length > MAX_CODE_CHARS) return null;
  const parsed = parseCode(code);
  const candidates = [...new Set([code, code.toUpperCase(), parsed.procedureCode])];
  const id = await findProcedureId(db, candidates);
  return id === null ? null : getProcedureDetail(db, id);
}

/** The details of several lines (steps, documents, …): shown as sections of their own, not in the list of details. */
const MULTILINE_KEYS = new Set<DetailKey>(PROCEDURE_DETAILS.filter((f) => 'multiline' in f && f.multiline).map((f) => f.key));

/** The details a procedure page lists, in its order: the issuing body first, then the list's order. */
export const PAGE_DETAIL_KEYS: readonly DetailKey[] = ['issuer', ...DETAIL_KEYS.filter((key) => key !== 'issuer' && !MULTILINE_KEYS.has(key))];

/** The sections a procedure page shows below its details, in the order a citizen needs them. */
export const PAGE_SECTION_KEYS: readonly DetailKey[] = (['steps', 'methods', 'documents', 'forms', 'requirements', 'legalBasis'] as const).filter((key) =>
  MULTILINE_KEYS.has(key),
);

/** The procedure with its offerings and history, as the JSON API gives it. */
export function procedureJson(p: ProcedureDetail) {
  return {
    code: p.code,
    name: p.name,
    field: p.field,
    ...Object.fromEntries(DETAIL_KEYS.map((key) => [key, p[key]])),
    offerings: p.offerings.map((o) => ({
      agency: o.agency,
      agencySlug: o.agencySlug,
      agencyCode: o.agencyCode,
      localCode: o.localCode,
      tiers: o.tiers.split(',').filter(Boolean),
      level: o.level,
      portalIntegrated: flag(o.portalIntegrated),
      qd411: flag(o.qd411),
      eligible: flag(o.eligible),
      status: o.status,
      effectiveDate: o.effectiveDate,
      // Checked again as it is given out: only an http(s) address with a host.
      onlineUrl: safeWebAddress(o.onlineUrl)?.href ?? null,
      // The agency's contacts, each checked again; those it has not given are left out.
      contacts: contactsView(o.agencyContacts),
    })),
    history: p.history.map((h) => ({
      agency: h.agency,
      effectiveDate: h.effectiveDate,
      change: h.change,
      level: h.level,
      portalIntegrated: flag(h.portalIntegrated),
      status: h.status,
      importId: h.importId,
    })),
  };
}

/**
 * The procedure as a CPSV-AP PublicService (the EU Core Public Service Vocabulary), with each current
 * offering's agency as a competent PublicOrganisation and an online channel where the level is 3 or 4.
 */
export function procedureJsonLd(p: ProcedureDetail, baseUrl: string) {
  const current = p.offerings.filter((o) => o.status === 'current');
  const online = current.filter((o) => o.level >= 3);
  return {
    '@context': {
      cpsv: 'http://purl.org/vocab/cpsv#',
      cv: 'http://data.europa.eu/m8g/',
      dct: 'http://purl.org/dc/terms/',
      skos: 'http://www.w3.org/2004/02/skos/core#',
    },
    '@id': `${baseUrl}/procedures/${encodeURIComponent(p.code)}`,
    '@type': 'cpsv:PublicService',
    'dct:identifier': p.code,
    'dct:title': { '@value': p.name, '@language': 'vi' },
    ...(p.field ? { 'cv:sector': { '@value': p.field, '@language': 'vi' } } : {}),
    ...(p.processingTime ? { 'cv:processingTime': { '@value': p.processingTime, '@language': 'vi' } } : {}),
    'cv:hasCompetentAuthority': current.map((o) => ({
      '@type': 'cv:PublicOrganisation',
      '@id': `${baseUrl}/procedures?agency=${encodeURIComponent(o.agencySlug)}`,
      'skos:prefLabel': { '@value': o.agency, '@language': 'vi' },
      ...(o.agencyCode ? { 'dct:identifier': o.agencyCode } : {}),
    })),
    'cv:hasChannel': online.map((o) => ({
      '@type': 'cv:Channel',
      'dct:type': 'online',
      'dct:description': {
        '@value': `${o.agency}: mức độ ${o.level} (${o.level === 4 ? 'toàn trình' : 'một phần'})`,
        '@language': 'vi',
      },
      'cv:ownedBy': { 'skos:prefLabel': { '@value': o.agency, '@language': 'vi' } },
    })),
  };
}
