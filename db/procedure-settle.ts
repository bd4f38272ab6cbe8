/**
 * The rule both import stores follow once every row of a file is written (db/import-store.ts,
 * settleProcedures): a procedure whose rows disagreed gets the values most of its rows give, and a procedure
 * the import leaves exactly as it found it keeps no before-image, so that undo restores (and counts) only what
 * the import really changed. One definition, so that the backends cannot drift apart.
 */
import { PROCEDURE_DETAILS } from '../domain/import-fields';
import type { ProcedureSettlement } from './import-store';
import type { ProcedureDetails } from './schema';

/** A procedure's state with a settlement's values (`fieldId`: the id of the settled field, when it has one). */
export function settledState<S extends ProcedureDetails>(state: S, settlement: ProcedureSettlement, fieldId: number | undefined): S {
  const next = { ...state, name: settlement.values.name ?? state.name, field_id: fieldId ?? state.field_id };
  for (const { key, column } of PROCEDURE_DETAILS) {
    const value = settlement.values[key];
    if (value !== undefined) next[column] = value;
  }
  return next;
}

/** Whether two states of a procedure say the same (name, field and every detail). */
export function sameProcedure(a: ProcedureDetails, b: ProcedureDetails): boolean {
  if (a.name !== b.name || a.field_id !== b.field_id) return false;
  for (const { column } of PROCEDURE_DETAILS) if (a[column] !== b[column]) return false;
  return true;
}
