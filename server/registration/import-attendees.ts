import { createHash, randomUUID } from 'node:crypto';
import type { AttendeeImport, AttendeeRecord, AttendeeRecords } from '../db/durable-store.ts';
import { parseAttendeeInput, type AttendeeFields } from '../../shared/attendee.ts';
import { attendeeSearchKey, nameWords } from '../../shared/name-search.ts';
import { FILE_ERROR_CODES, type CsvRowError, type ParsedAttendeeCsv, type ParsedRow } from './csv-import.ts';

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
export type ImportChange = { field: keyof AttendeeFields; from: string | boolean | null; to: string | boolean | null };
export type ImportUpdated = { line: number; id: string; badgeNo: number; firstName: string; lastName: string; changes: ImportChange[] };
export type ImportUnchanged = { line: number; id: string; badgeNo: number };

/** Someone a new row might be mistaken for: an earlier row of the file, or a registered attendee. */
export type ImportLookalike = { line: number | null; badgeNo: number | null; lastName: string; firstName: string; institution: string; grade: string };
/**
 * A row imported as a new person although it looks like someone else: the same name (`namesake`),
 * or the same phone or e-mail under another first name (`shared_contact`, e.g. siblings with a
 * parent's phone). A warning only: the organiser sees both in the dry run.
 */
export type ImportNamesake = {
  line: number;
  kind: 'namesake' | 'shared_contact';
  lastName: string;
  firstName: string;
  institution: string;
  grade: string;
  others: ImportLookalike[];
};

/** What an import did, or (dry run) would do. In a dry run `created[].id` is null and badge numbers are provisional. */
export type ImportReport = {
  ok: true;
  dryRun: boolean;
  created: ImportCreated[];
  updated: ImportUpdated[];
  unchanged: ImportUnchanged[];
  /** Rows left out (only with `skipInvalid`; otherwise any of them refuses the import). */
  refused: CsvRowError[];
  namesakes: ImportNamesake[];
  /** Names the updates of this plan: an import that updates anyone must send the one its dry run showed. */
  fingerprint: string;
  /** Ids of the attendees this import added (empty in a dry run); they still need badges. */
  createdIds: string[];
};
export type ImportRefused =
  | { ok: false; code: 'import_refused'; message: string; errors: CsvRowError[] }
  | { ok: false; code: 'updates_not_confirmed'; message: string; errors: CsvRowError[] };

export type ImportOptions = {
  dryRun: boolean;
  /** Import the good rows and report the bad ones, instead of refusing the whole file. */
  skipInvalid?: boolean;
  /** The dry run's `fingerprint`: required when the import updates anyone, and must still match. */
  confirm?: string;
  now?: number;
};

type ExistingAttendee = AttendeeFields & { id: string; badgeNo: number; externalRef: string | null };
type Plan = { creates: ParsedRow[]; updates: ImportUpdated[]; unchanged: ImportUnchanged[]; updateRows: Map<string, ParsedRow>; namesakes: ImportNamesake[]; errors: CsvRowError[] };

/** A map from key to every item with it. */
function groupBy<T>(items: T[], keys: (item: T) => (string | null)[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) for (const key of keys(item)) if (key !== null) map.set(key, [...(map.get(key) ?? []), item]);
  return map;
}

const contacts = (a: Pick<AttendeeFields, 'phone' | 'email'>): string[] => [a.phone, a.email].filter((c): c is string => c !== null);
const firstNameKey = (a: Pick<AttendeeFields, 'firstName'>): string => nameWords(a.firstName).join(' ');
/** Every field as written: a row without id or contacts is someone registered only when all of them agree. */
const recordKey = (a: AttendeeFields): string => JSON.stringify(FIELDS.map((f) => a[f]));
const lookalike = (a: AttendeeFields, where: { line?: number; badgeNo?: number }): ImportLookalike => ({
  line: where.line ?? null,
  badgeNo: where.badgeNo ?? null,
  lastName: a.lastName,
  firstName: a.firstName,
  institution: a.institution,
  grade: a.grade,
});

/**
 * Matches every row to an existing attendee or to nobody. The same person is the same file id
 * (`externalRef`), or the same phone or e-mail under the same first name (any spelling, any script);
 * a name alone never is. A row without either that equals a registered attendee in every field
 * (the same file imported again) is that attendee, unchanged. New rows that look like someone
 * else are listed as namesakes.
 */
function planImport(existing: ExistingAttendee[], rows: ParsedRow[]): Plan {
  const byRef = new Map(existing.flatMap((a) => (a.externalRef !== null ? [[a.externalRef, a] as const] : [])));
  const byContact = groupBy(existing, contacts);
  const byName = groupBy(existing, (a) => [attendeeSearchKey(a)]);
  const sameRecord = groupBy(existing, (a) => [contacts(a).length === 0 ? recordKey(a) : null]);
  const plan: Plan = { creates: [], updates: [], unchanged: [], updateRows: new Map(), namesakes: [], errors: [] };
  const refLines = new Map<string, number>();
  const claimedBy = new Map<string, number>();
  const newByContact = new Map<string, ParsedRow[]>();
  const newByName = new Map<string, ParsedRow[]>();
  const refuse = (line: number, code: CsvRowError['code'], reason: string): void => void plan.errors.push({ line, code, reason });

  for (const input of rows) {
    // Rows may come from a client rather than straight from the parser: check them again.
    const parsed = parseAttendeeInput(input);
    if (!parsed.ok) {
      for (const e of parsed.errors) refuse(input.line, e.code, e.message);
      continue;
    }
    const row: ParsedRow = { ...parsed.value, line: input.line, externalRef: input.externalRef?.trim() || null };
    const ref = row.externalRef;
    if (ref !== null && refLines.has(ref)) {
      refuse(row.line, 'duplicate_in_file', `id "${ref}" is already on line ${refLines.get(ref)}`);
      continue;
    }
    const first = firstNameKey(row);
    const earlier = contacts(row)
      .flatMap((c) => newByContact.get(c) ?? [])
      .find((r) => firstNameKey(r) === first);
    if (earlier) {
      refuse(row.line, 'duplicate_in_file', `same person (first name and phone or e-mail) as line ${earlier.line}`);
      continue;
    }
    const sharing = [...new Set(contacts(row).flatMap((c) => byContact.get(c) ?? []))];
    let match = ref !== null ? byRef.get(ref) : undefined;
    if (!match) {
      const same = sharing.filter((a) => firstNameKey(a) === first);
      if (same.length > 1) {
        refuse(row.line, 'ambiguous_match', `matches several registered attendees (${same.map((a) => `№ ${a.badgeNo}`).join(', ')}): add an id column`);
        continue;
      }
      match = same[0] ?? sameRecord.get(recordKey(row))?.find((a) => !claimedBy.has(a.id) && (ref === null || a.externalRef === null));
    }
    if (ref !== null) refLines.set(ref, row.line);

    if (match) {
      const claimed = claimedBy.get(match.id);
      if (claimed !== undefined) {
        refuse(row.line, 'duplicate_in_file', `same attendee (№ ${match.badgeNo}) as line ${claimed}`);
        continue;
      }
      claimedBy.set(match.id, row.line);
      const m = match;
      const changes = FIELDS.filter((f) => m[f] !== row[f]).map((field) => ({ field, from: m[field], to: row[field] }));
      if (changes.length === 0) plan.unchanged.push({ line: row.line, id: m.id, badgeNo: m.badgeNo });
      else {
        plan.updates.push({ line: row.line, id: m.id, badgeNo: m.badgeNo, firstName: m.firstName, lastName: m.lastName, changes });
        plan.updateRows.set(m.id, row);
      }
      continue;
    }

    const nameKey = attendeeSearchKey(row);
    const namesakes = [
      ...(newByName.get(nameKey) ?? []).map((r) => lookalike(r, { line: r.line })),
      ...(byName.get(nameKey) ?? []).map((a) => lookalike(a, { badgeNo: a.badgeNo })),
    ];
    const shared = [
      ...contacts(row).flatMap((c) => newByContact.get(c) ?? []).map((r) => lookalike(r, { line: r.line })),
      ...sharing.map((a) => lookalike(a, { badgeNo: a.badgeNo })),
    ];
    const base = { line: row.line, lastName: row.lastName, firstName: row.firstName, institution: row.institution, grade: row.grade };
    if (namesakes.length > 0) plan.namesakes.push({ ...base, kind: 'namesake', others: namesakes.slice(0, 5) });
    if (shared.length > 0) plan.namesakes.push({ ...base, kind: 'shared_contact', others: shared.slice(0, 5) });
    for (const c of contacts(row)) newByContact.set(c, [...(newByContact.get(c) ?? []), row]);
    newByName.set(nameKey, [...(newByName.get(nameKey) ?? []), row]);
    plan.creates.push(row);
  }
  return plan;
}

/** A short hash of the updates a plan makes: who, and which fields from what to what. */
function fingerprintOf(updates: ImportUpdated[]): string {
  const hash = createHash('sha256');
  for (const u of updates) hash.update(JSON.stringify([u.id, u.changes]));
  return hash.digest('base64url').slice(0, 22);
}

const fieldsOf = (row: ParsedRow): AttendeeFields => Object.fromEntries(FIELDS.map((f) => [f, row[f]])) as AttendeeFields;

/**
 * Imports parsed pre-registrations in one transaction: new people get the next free badge numbers,
 * matched ones the file's values. A bad row refuses the whole file (changing nothing) unless
 * `skipInvalid`, which imports the good rows and reports the others; a file that cannot be read
 * is always refused. Updates happen only when `confirm` names them (the dry run's `fingerprint`),
 * so nobody is changed that the organiser did not see. Issues no badges.
 */
export async function importAttendees(
  records: AttendeeRecords,
  input: ParsedRow[] | Pick<ParsedAttendeeCsv, 'rows' | 'errors'>,
  options: ImportOptions,
): Promise<ImportReport | ImportRefused> {
  const rows = Array.isArray(input) ? input : input.rows;
  const fileErrors = Array.isArray(input) ? [] : input.errors;
  const refuse = (errors: CsvRowError[]): ImportRefused => ({
    ok: false,
    code: 'import_refused',
    message: `${new Set(errors.map((e) => e.line)).size} row(s) have errors: fix them and import the whole file again; nothing was imported`,
    errors,
  });
  if (fileErrors.some((e) => FILE_ERROR_CODES.has(e.code))) return refuse(fileErrors);
  const nothing = (result: ImportReport | ImportRefused): AttendeeImport<ImportReport | ImportRefused> => ({ creates: [], updates: [], result });

  const decide = (existing: AttendeeRecord[], firstBadgeNo: number): AttendeeImport<ImportReport | ImportRefused> => {
    // Categories and languages as stored are the ones registration let in.
    const plan = planImport(existing as ExistingAttendee[], rows);
    const refused = [...fileErrors, ...plan.errors].sort((a, b) => a.line - b.line);
    if (refused.length > 0 && !options.skipInvalid) return nothing(refuse(refused));
    const fingerprint = fingerprintOf(plan.updates);
    if (!options.dryRun && plan.updates.length > 0 && options.confirm !== fingerprint)
      return nothing({
        ok: false,
        code: 'updates_not_confirmed',
        message: `${plan.updates.length} registered attendee(s) would change: check the file again (dry run) and import what it shows`,
        errors: [],
      });
    let badgeNo = firstBadgeNo;
    const created: ImportCreated[] = [];
    const creates: AttendeeImport<unknown>['creates'] = [];
    for (const row of plan.creates) {
      const id = options.dryRun ? null : randomUUID();
      if (id !== null) creates.push({ id, badgeNo, fields: { ...fieldsOf(row), externalRef: row.externalRef }, searchKey: attendeeSearchKey(row) });
      created.push({ line: row.line, id, badgeNo, firstName: row.firstName, lastName: row.lastName });
      badgeNo++;
    }
    const updates = [...plan.updateRows].map(([id, row]) => ({ id, fields: fieldsOf(row), searchKey: attendeeSearchKey(row) }));
    return {
      creates,
      updates,
      result: {
        ok: true,
        dryRun: options.dryRun,
        created,
        updated: plan.updates,
        unchanged: plan.unchanged,
        refused,
        namesakes: plan.namesakes,
        fingerprint,
        createdIds: created.flatMap((c) => (c.id === null ? [] : [c.id])),
      },
    };
  };
  return records.importing(decide, !options.dryRun, options.now ?? Date.now());
}
