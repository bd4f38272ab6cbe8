/**
 * The columns our CSV exports write: the importer's own header names and value forms, so an exported list
 * imports back unchanged.
 */
import { HEADER_ALIASES, type ImportField } from './headers';
import { formulaSafe } from './csv-safe';

export interface ExportableOffering {
  code: string;
  localCode: string | null;
  name: string;
  field: string | null;
  agency: string;
  agencyCode: string | null;
  tiers: string;
  level: number;
  portalIntegrated: number | null;
  qd411: number | null;
  eligible: number | null;
  status: 'current' | 'withdrawn';
  applicants: string | null;
  processingTime: string | null;
  fees: string | null;
  decision: string | null;
  issuer: string | null;
}

const TIER_NAMES: Record<string, string> = {
  central: 'Cấp bộ',
  province: 'Cấp tỉnh',
  district: 'Cấp huyện',
  commune: 'Cấp xã',
  other: 'Cơ quan khác',
};

const flag = (value: number | null): string => (value === null ? 'Không rõ' : value ? 'Có' : 'Không');

const COLUMNS: [ImportField, (o: ExportableOffering) => string][] = [
  ['code', (o) => o.localCode ?? o.code],
  ['name', (o) => o.name],
  ['field', (o) => o.field ?? ''],
  ['agency', (o) => o.agency],
  ['agencyCode', (o) => o.agencyCode ?? ''],
  ['tiers', (o) => o.tiers.split(',').filter(Boolean).map((t) => TIER_NAMES[t] ?? t).join(', ')],
  ['level', (o) => `Mức độ ${o.level}`],
  ['portal', (o) => flag(o.portalIntegrated)],
  ['qd411', (o) => flag(o.qd411)],
  ['eligible', (o) => flag(o.eligible)],
  ['status', (o) => (o.status === 'withdrawn' ? 'Bãi bỏ' : 'Còn hiệu lực')],
  ['applicants', (o) => o.applicants ?? ''],
  ['processingTime', (o) => o.processingTime ?? ''],
  ['fees', (o) => o.fees ?? ''],
  ['decision', (o) => o.decision ?? ''],
  ['issuer', (o) => o.issuer ?? ''],
];

export const EXPORT_HEADER: string[] = COLUMNS.map(([field]) => HEADER_ALIASES[field][0]);

/** One offering as export cells, formula-safe (for a CSV). */
export function exportRow(offering: ExportableOffering): string[] {
  return COLUMNS.map(([, cell]) => formulaSafe(cell(offering)));
}

/** One offering's cells as they are, for a workbook: its cells are text, which a spreadsheet never runs. */
export function exportValues(offering: ExportableOffering): string[] {
  return COLUMNS.map(([, cell]) => cell(offering));
}
