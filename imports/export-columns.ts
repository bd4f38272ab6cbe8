/**
 * The columns our CSV exports write: the importer's own header names and value forms, so an exported list
 * imports back unchanged. One column per field of domain/import-fields.ts, in its order, each written the way
 * its kind is read.
 */
import { IMPORT_FIELDS, type DetailValues, type FieldKind } from '../domain/import-fields';
import { formulaSafe } from './csv-safe';

export type ExportableOffering = {
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
  onlineUrl: string | null;
} & DetailValues;

const TIER_NAMES: Record<string, string> = {
  central: 'Cấp bộ',
  province: 'Cấp tỉnh',
  district: 'Cấp huyện',
  commune: 'Cấp xã',
  other: 'Cơ quan khác',
};

const flag = (value: number | null): string => (value === null ? 'Không rõ' : value ? 'Có' : 'Không');

type Value = ExportableOffering[keyof ExportableOffering];

/** How a value of each kind is written, so that the importer reads it back as it was. */
const CELL: Record<FieldKind, (value: Value, o: ExportableOffering) => string> = {
  code: (_, o) => o.localCode ?? o.code,
  name: (value) => String(value),
  agency: (value) => String(value),
  field: (value) => (value as string | null) ?? '',
  detail: (value) => (value as string | null) ?? '',
  agencyCode: (value) => (value as string | null) ?? '',
  tiers: (value) =>
    String(value)
      .split(',')
      .filter(Boolean)
      .map((t) => TIER_NAMES[t] ?? t)
      .join(', '),
  level: (value) => `Mức độ ${value}`,
  flag: (value) => flag(value as number | null),
  status: (value) => (value === 'withdrawn' ? 'Bãi bỏ' : 'Còn hiệu lực'),
  link: (value) => (value as string | null) ?? '',
};

const COLUMNS: ((o: ExportableOffering) => string)[] = IMPORT_FIELDS.map((f) => {
  const property = (f.key === 'code' ? 'code' : 'row' in f ? f.row : f.key) as keyof ExportableOffering;
  const cell = CELL[f.kind];
  return (o: ExportableOffering) => cell(o[property], o);
});

export const EXPORT_HEADER: string[] = IMPORT_FIELDS.map((f) => f.aliases[0]);

/** One offering as export cells, formula-safe (for a CSV). */
export function exportRow(offering: ExportableOffering): string[] {
  return COLUMNS.map((cell) => formulaSafe(cell(offering)));
}

/** One offering's cells as they are, for a workbook: its cells are text, which a spreadsheet never runs. */
export function exportValues(offering: ExportableOffering): string[] {
  return COLUMNS.map((cell) => cell(offering));
}
