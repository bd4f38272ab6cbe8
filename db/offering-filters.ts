/**
 * Applies catalogue filters to a query over `offering`, as portable SQL: each filter is an indexed
 * IN-subquery, so a query touches only the offerings it selects. Full-text search (`q`) is applied by
 * the caller, which knows the matching procedure ids.
 */
import type { SelectQueryBuilder } from 'kysely';
import type { OfferingFilters } from '../domain/filters';
import type { Database } from './schema';

export function applyOfferingFilters<O>(
  qb: SelectQueryBuilder<Database, 'offering', O>,
  filters: Omit<OfferingFilters, 'q'>,
): SelectQueryBuilder<Database, 'offering', O> {
  let query = qb;
  if (filters.status !== 'all') query = query.where('offering.status', '=', filters.status);
  if (filters.levels.length > 0) query = query.where('offering.level', 'in', filters.levels);
  if (filters.agencies.length > 0) {
    query = query.where('offering.agency_id', 'in', (eb) => eb.selectFrom('agency').select('agency.id').where('agency.slug', 'in', filters.agencies));
  }
  if (filters.fields.length > 0) {
    query = query.where('offering.procedure_id', 'in', (eb) =>
      eb
        .selectFrom('procedure')
        .select('procedure.id')
        .where('procedure.field_id', 'in', (eb2) => eb2.selectFrom('field').select('field.id').where('field.slug', 'in', filters.fields)),
    );
  }
  if (filters.tiers.length > 0) {
    query = query.where('offering.id', 'in', (eb) =>
      eb.selectFrom('offering_tier').select('offering_tier.offering_id').where('offering_tier.tier', 'in', filters.tiers),
    );
  }
  for (const [key, column] of [
    ['portal', 'offering.portal_integrated'],
    ['qd411', 'offering.qd411'],
    ['eligible', 'offering.eligible'],
  ] as const) {
    const value = filters[key];
    if (value === true) query = query.where(column, '=', 1);
    // "No" includes "not said": the complement of "yes", so the two lists add up to the whole.
    if (value === false) query = query.where((eb) => eb.or([eb(column, '=', 0), eb(column, 'is', null)]));
  }
  return query;
}
