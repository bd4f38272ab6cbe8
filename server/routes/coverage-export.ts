/**
 * The dashboard's table as JSON and as CSV. JSON carries shares 0–100 at full precision (null where the
 * denominator is 0); the CSV is for spreadsheets: UTF-8 with BOM, Vietnamese headers, formula-safe text.
 */
import { stringify } from 'csv-stringify/sync';
import { formulaSafe } from '../../imports/csv-safe';
import { messagesFor } from '../i18n';
import type { CoverageRow } from '../services/coverage-rates';
import type { Dashboard } from '../services/coverage-service';

function figures(row: CoverageRow) {
  return {
    total: row.total,
    byLevel: { '1': row.byLevel[1], '2': row.byLevel[2], '3': row.byLevel[3], '4': row.byLevel[4] },
    level4: row.level4,
    level4Pct: row.level4Pct,
    level3Plus: row.level3Plus,
    level3PlusPct: row.level3PlusPct,
    portalIntegrated: row.portalIntegrated,
    portalIntegratedPct: row.portalIntegratedPct,
    qd411Listed: row.qd411Listed,
    qd411Integrated: row.qd411Integrated,
    qd411IntegratedPct: row.qd411IntegratedPct,
    eligible: row.eligible,
    level4Eligible: row.level4Eligible,
    level4EligiblePct: row.level4EligiblePct,
    meetsTarget: row.meetsTarget,
    level4Needed: row.level4Needed,
  };
}

export function coverageJson(dashboard: Dashboard) {
  return {
    asOf: dashboard.asOf,
    historical: dashboard.historical,
    filters: { tier: dashboard.scope.tiers, field: dashboard.scope.fields },
    target: dashboard.target && {
      year: dashboard.target.year,
      level4Pct: dashboard.target.level4Pct,
      basis: dashboard.target.basis,
      note: dashboard.target.note,
      appliesToYear: dashboard.target.forYear,
    },
    total: figures(dashboard.total),
    agencies: dashboard.rows.map((row) => ({ agency: row.agency!.name, agencySlug: row.agency!.slug, ...figures(row) })),
  };
}

/**
 * A share with two decimals and a decimal point ("27.78"): a number to any spreadsheet set to English,
 * and never mistaken for a day and month (as "12.5" can be) by one set to Vietnamese.
 */
function csvShare(value: number | null): string {
  return value === null ? '' : value.toFixed(2);
}

export function coverageCsv(dashboard: Dashboard): string {
  const c = messagesFor('vi').coverage;
  const col = c.columns;
  const header = [
    col.agency, col.total, col.level1, col.level2, col.level3, col.level4, col.level4Pct, col.level3Plus, col.level3PlusPct,
    col.portalIntegrated, col.portalIntegratedPct, col.qd411Listed, col.qd411Integrated, col.qd411IntegratedPct,
    col.eligible, col.level4Eligible, col.level4EligiblePct, col.target, col.targetBasis, col.meetsTarget, col.level4Needed, col.asOf,
  ];
  const line = (name: string, row: CoverageRow): string[] => [
    formulaSafe(name),
    String(row.total),
    String(row.byLevel[1]),
    String(row.byLevel[2]),
    String(row.byLevel[3]),
    String(row.byLevel[4]),
    csvShare(row.level4Pct),
    String(row.level3Plus),
    csvShare(row.level3PlusPct),
    String(row.portalIntegrated),
    csvShare(row.portalIntegratedPct),
    String(row.qd411Listed),
    String(row.qd411Integrated),
    csvShare(row.qd411IntegratedPct),
    String(row.eligible),
    String(row.level4Eligible),
    csvShare(row.level4EligiblePct),
    dashboard.target ? String(dashboard.target.level4Pct) : '',
    dashboard.target ? c.target.basisName[dashboard.target.basis] : '',
    row.meetsTarget === null ? '' : row.meetsTarget ? c.target.meets : c.target.below,
    row.level4Needed === null ? '' : String(row.level4Needed),
    dashboard.asOf,
  ];
  const rows = [header, ...dashboard.rows.map((row) => line(row.agency!.name, row)), line(c.table.province, dashboard.total)];
  return `\ufeff${stringify(rows, { record_delimiter: '\r\n' })}`;
}
