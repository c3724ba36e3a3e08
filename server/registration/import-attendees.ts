import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { eq, sql } from 'drizzle-orm';
import { writeTransaction, type Db } from '../db/client.ts';
import { attendees } from '../db/schema.ts';
import { attendeeIdentityKeys, parseAttendeeInput, type AttendeeFields } from '../../shared/attendee.ts';
import type { CsvRowError, ParsedAttendeeCsv, ParsedRow } from './csv-import.ts';
import { FIRST_BADGE_NO } from './badge-issue.ts';


const FIELDS = [
  'firstName',
  'lastName',
  'category',
  'institution',
  'grade',
  'phone',
  'email',
  'language',
  'consent',
] as const satisfies readonly (keyof AttendeeFields)[];

export type ImportCreated = { line: number; id: string | null; badgeNo: number; firstName: string; lastName: string };
export type ImportUpdated = {
  line: number;
  id: string;
  badgeNo: number;
  changes: { field: keyof AttendeeFields; from: string | boolean | null; to: string | boolean | null }[];
};
export type ImportUnchanged = { line: number; id: string; badgeNo: number };

/** What an import did, or (dry run) would do. In a dry run `created[].id` is null and badge numbers are provisional. */
export type ImportReport = {
  ok: true;
  dryRun: boolean;
  created: ImportCreated[];
  updated: ImportUpdated[];
  unchanged: ImportUnchanged[];
  /** Ids of the attendees this import added (empty in a dry run); they still need badges. */
  createdIds: string[];
};
export type ImportRefused = { ok: false; code: 'import_refused'; message: string; errors: CsvRowError[] };

type ExistingAttendee = AttendeeFields & { id: string; badgeNo: number; externalRef: string | null };
type Plan =
  | { ok: true; creates: ParsedRow[]; updates: ImportUpdated[]; unchanged: ImportUnchanged[]; updateRows: Map<string, ParsedRow> }
  | { ok: false; errors: CsvRowError[] };

function loadExisting(db: Db): ExistingAttendee[] {
  return db
    .select({
      id: attendees.id,
      badgeNo: attendees.badgeNo,
      externalRef: attendees.externalRef,
      firstName: attendees.firstName,
      lastName: attendees.lastName,
      category: attendees.category,
      institution: attendees.institution,
      grade: attendees.grade,
      phone: attendees.phone,
      email: attendees.email,
      language: attendees.language,
      consent: attendees.consent,
    })
    .from(attendees)
    .all() as ExistingAttendee[];
}

/** Matches every row to an existing attendee (by reference, else by name + phone/e-mail) or to nobody. */
function planImport(existing: ExistingAttendee[], rows: ParsedRow[]): Plan {
  const errors: CsvRowError[] = [];
  const byRef = new Map<string, ExistingAttendee>();
  const byKey = new Map<string, ExistingAttendee[]>();
  for (const a of existing) {
    if (a.externalRef !== null) byRef.set(a.externalRef, a);
    for (const key of attendeeIdentityKeys(a)) byKey.set(key, [...(byKey.get(key) ?? []), a]);
  }
  const claimedBy = new Map<string, number>();
  const newRefs = new Map<string, number>();
  const newKeys = new Map<string, number>();
  const creates: ParsedRow[] = [];
  const updates: ImportUpdated[] = [];
  const unchanged: ImportUnchanged[] = [];
  const updateRows = new Map<string, ParsedRow>();

  for (const input of rows) {
    // Rows may come from a client rather than straight from parseAttendeeCsv: check them again.
    const parsed = parseAttendeeInput(input);
    if (!parsed.ok) {
      for (const e of parsed.errors) errors.push({ line: input.line, code: e.code, reason: e.message });
      continue;
    }
    const row: ParsedRow = { ...parsed.value, line: input.line, externalRef: input.externalRef?.trim() || null };
    const keys = attendeeIdentityKeys(row);
    let match: ExistingAttendee | undefined;
    if (row.externalRef !== null) {
      match = byRef.get(row.externalRef);
    } else {
      const candidates = [...new Set(keys.flatMap((k) => byKey.get(k) ?? []))];
      if (candidates.length > 1) {
        errors.push({
          line: row.line,
          code: 'duplicate_in_file',
          reason: `matches several registered attendees (${candidates.map((c) => `№ ${c.badgeNo}`).join(', ')}): add an id column`,
        });
        continue;
      }
      match = candidates[0];
    }

    if (match) {
      const earlier = claimedBy.get(match.id);
      if (earlier !== undefined) {
        errors.push({ line: row.line, code: 'duplicate_in_file', reason: `same attendee (№ ${match.badgeNo}) as line ${earlier}` });
        continue;
      }
      claimedBy.set(match.id, row.line);
      const changes = FIELDS.filter((f) => match[f] !== row[f]).map((field) => ({ field, from: match[field], to: row[field] }));
      if (changes.length === 0) unchanged.push({ line: row.line, id: match.id, badgeNo: match.badgeNo });
      else {
        updates.push({ line: row.line, id: match.id, badgeNo: match.badgeNo, changes });
        updateRows.set(match.id, row);
      }
      continue;
    }

    const earlier = row.externalRef !== null ? newRefs.get(row.externalRef) : keys.map((k) => newKeys.get(k)).find((l) => l !== undefined);
    if (earlier !== undefined) {
      errors.push({ line: row.line, code: 'duplicate_in_file', reason: `same person as line ${earlier}` });
      continue;
    }
    if (row.externalRef !== null) newRefs.set(row.externalRef, row.line);
    else for (const k of keys) newKeys.set(k, row.line);
    creates.push(row);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, creates, updates, unchanged, updateRows };
}

function nextBadgeNo(db: Db): number {
  const [{ max }] = db.select({ max: sql<number | null>`max(${attendees.badgeNo})` }).from(attendees).all();
  return Math.max(FIRST_BADGE_NO - 1, max ?? 0) + 1;
}

/**
 * Imports parsed pre-registrations. Refuses (changing nothing) when the file had any bad row or a
 * row is invalid or ambiguous; otherwise adds new attendees with the next free badge numbers and
 * updates matched ones to the file's values, all in one transaction. Matching: the file's id
 * (`externalRef`) when present, else last + first name with the phone or e-mail. Issues no badges.
 */
export function importAttendees(
  db: Db,
  sqlite: Database.Database,
  input: ParsedRow[] | Pick<ParsedAttendeeCsv, 'rows' | 'errors'>,
  options: { dryRun: boolean; now?: number },
): ImportReport | ImportRefused {
  const rows = Array.isArray(input) ? input : input.rows;
  const fileErrors = Array.isArray(input) ? [] : input.errors;
  const refuse = (errors: CsvRowError[]): ImportRefused => ({
    ok: false,
    code: 'import_refused',
    message: `${new Set(errors.map((e) => e.line)).size} row(s) have errors: fix them and import the whole file again; nothing was imported`,
    errors,
  });
  if (fileErrors.length > 0) return refuse(fileErrors);

  const run = (): ImportReport | ImportRefused => {
    const plan = planImport(loadExisting(db), rows);
    if (!plan.ok) return refuse(plan.errors);
    let badgeNo = nextBadgeNo(db);
    const now = options.now ?? Date.now();
    const created: ImportCreated[] = [];
    for (const row of plan.creates) {
      const id = options.dryRun ? null : randomUUID();
      const fields = Object.fromEntries(FIELDS.map((f) => [f, row[f]])) as AttendeeFields;
      if (id !== null) db.insert(attendees).values({ ...fields, id, badgeNo, externalRef: row.externalRef, createdAt: now }).run();
      created.push({ line: row.line, id, badgeNo, firstName: row.firstName, lastName: row.lastName });
      badgeNo++;
    }
    if (!options.dryRun)
      for (const [id, row] of plan.updateRows) {
        const fields = Object.fromEntries(FIELDS.map((f) => [f, row[f]])) as AttendeeFields;
        db.update(attendees).set(fields).where(eq(attendees.id, id)).run();
      }
    return {
      ok: true,
      dryRun: options.dryRun,
      created,
      updated: plan.updates,
      unchanged: plan.unchanged,
      createdIds: created.flatMap((c) => (c.id === null ? [] : [c.id])),
    };
  };
  if (options.dryRun) return run();
  // The write lock is taken before reading, so the badge numbers and matches cannot go stale.
  return writeTransaction(sqlite, run)();
}
