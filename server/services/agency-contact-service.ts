/**
 * The agency list import (who to call): check a clerk's file and match its rows to the catalogue's agencies
 * (a preview, nothing written), then write what the preview showed in one transaction, with an audit entry.
 *
 * The matching rule: a row's agency code finds the agency with that code; a row without a code, or whose code
 * no agency has, is matched by its name folded (case, diacritics and spacing ignored). A row that matches no
 * agency is reported as a warning and skipped: the list never creates agencies (they come with their
 * procedures). Two rows that land on one agency refuse the file. The columns the file has replace what is
 * stored (an empty cell clears it); the columns it lacks are kept.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Kysely } from 'kysely';
import { agenciesWithContacts, findAgency, writeAgencyContacts, type AgencyWithContacts } from '../../db/agency-contact-repository';
import { audit } from '../../db/account-repository';
import type { Database } from '../../db/schema';
import { cleanText, foldVietnamese } from '../../domain/text';
import type { Clock } from '../../domain/time';
import { CONTACT_VALUES, readContactList, type ContactListCheck, type ContactProblem, type ContactRow, type ContactValue } from '../../imports/agency-list';
import { coded } from '../../imports/messages';

export interface ContactMatch {
  row: ContactRow;
  agency: { id: number; name: string; slug: string };
  by: 'code' | 'name';
  /** The contacts that change: before and after. */
  changes: { field: ContactValue; before: string | null; after: string | null }[];
}

export interface ContactPlan {
  check: ContactListCheck;
  matches: ContactMatch[];
  /** Rows refused (the file is then refused as a whole). */
  errors: ContactProblem[];
  /** Unknown agencies (skipped) and names matched by code. */
  warnings: ContactProblem[];
  /** True when the file can be written: no error, and something would change. */
  writable: boolean;
}

const nameFold = (name: string) => foldVietnamese(cleanText(name)).replace(/[^a-z0-9]+/g, ' ').trim();

export function planContacts(check: ContactListCheck, agencies: AgencyWithContacts[]): ContactPlan {
  const byCode = new Map<string, AgencyWithContacts>();
  const byName = new Map<string, AgencyWithContacts>();
  for (const a of agencies) {
    if (a.code) byCode.set(a.code.toUpperCase(), a);
    byName.set(nameFold(a.name), a);
  }
  const errors = [...check.errors];
  const warnings: ContactProblem[] = [];
  const matches: ContactMatch[] = [];
  const taken = new Map<number, number>();
  const nameColumn = check.header?.mapped.find((m) => m.field === 'name');
  const at = (row: ContactRow) => ({ line: row.line, column: nameColumn?.header ?? null, columnNumber: nameColumn?.column ?? null, value: row.name });
  for (const row of check.rows) {
    const coded_ = row.code ? byCode.get(row.code.toUpperCase()) : undefined;
    const agency = coded_ ?? byName.get(nameFold(row.name));
    if (!agency) {
      warnings.push({ ...at(row), problem: coded('contact.unknown-agency', { name: row.name, code: row.code }) });
      continue;
    }
    const first = taken.get(agency.id);
    if (first !== undefined) {
      errors.push({ ...at(row), problem: coded('contact.duplicate', { agency: agency.name, firstLine: first }) });
      continue;
    }
    taken.set(agency.id, row.line);
    if (coded_ && nameFold(row.name) !== nameFold(agency.name)) warnings.push({ ...at(row), problem: coded('contact.matched-by-code', { name: row.name, stored: agency.name }) });
    const changes = CONTACT_VALUES.filter((f) => f in row.values && (row.values[f] ?? null) !== agency[f]).map((f) => ({ field: f, before: agency[f], after: row.values[f] ?? null }));
    matches.push({ row, agency: { id: agency.id, name: agency.name, slug: agency.slug }, by: coded_ ? 'code' : 'name', changes });
  }
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const writable = !check.fileError && errors.length === 0 && matches.some((m) => m.changes.length > 0);
  return { check, matches, errors, warnings, writable };
}

interface PendingList {
  userId: number;
  path: string;
  fileName: string;
  createdAt: number;
}

/** How long a preview waits for its confirmation. */
const PENDING_MS = 60 * 60_000;

export function agencyContactService(db: Kysely<Database>, clock: Clock) {
  // Previews waiting for a confirmation: the file stays on disk, and is checked again when confirmed.
  const pending = new Map<string, PendingList>();
  const sweep = () => {
    const now = clock.now().getTime();
    for (const [token, p] of pending) {
      if (now - p.createdAt > PENDING_MS) {
        fs.rmSync(p.path, { force: true });
        pending.delete(token);
      }
    }
  };
  const check = async (path: string) => planContacts(await readContactList(path), await agenciesWithContacts(db));
  return {
    agency: (slug: string) => findAgency(db, slug),
    all: () => agenciesWithContacts(db),
    newToken: () => crypto.randomBytes(18).toString('base64url'),
    /** Checks an uploaded list and keeps it for its confirmation (when it can be written). */
    async preview(token: string, file: { path: string; name: string }, userId: number): Promise<ContactPlan> {
      sweep();
      const plan = await check(file.path);
      if (plan.writable) pending.set(token, { userId, path: file.path, fileName: file.name, createdAt: clock.now().getTime() });
      else fs.rmSync(file.path, { force: true });
      return plan;
    },
    /** Writes a previewed list: checked again (the catalogue may have changed), written only if still clean. */
    async confirm(token: string, userId: number, actor: string, address: string | null): Promise<{ plan: ContactPlan; written: number } | null> {
      sweep();
      const p = pending.get(token);
      if (!p || p.userId !== userId) return null;
      pending.delete(token);
      try {
        const plan = await check(p.path);
        if (!plan.writable) return { plan, written: 0 };
        const updates = plan.matches.filter((m) => m.changes.length > 0);
        const now = clock.now().toISOString();
        await writeAgencyContacts(
          db,
          updates.map((m) => ({ id: m.agency.id, contacts: Object.fromEntries(m.changes.map((c) => [c.field, c.after])) })),
          now,
        );
        await audit(db, {
          at: now,
          actor,
          action: 'agency-contacts-imported',
          detail: { file: p.fileName, agencies: updates.length, skipped: plan.warnings.filter((w) => w.problem.code === 'contact.unknown-agency').length },
          address,
        });
        return { plan, written: updates.length };
      } finally {
        fs.rmSync(p.path, { force: true });
      }
    },
    cancel(token: string, userId: number): void {
      const p = pending.get(token);
      if (!p || p.userId !== userId) return;
      fs.rmSync(p.path, { force: true });
      pending.delete(token);
    },
  };
}
