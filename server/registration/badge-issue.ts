import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { BadgeSigner } from '../badges/badge-signer.ts';
import { writeTransaction } from '../db/client.ts';
import { attendees, badges } from '../db/schema.ts';
import { attendeeSearchKey } from '../../shared/name-search.ts';

export interface NewAttendee {
  firstName: string;
  lastName?: string;
  category?: string;
  institution?: string;
  grade?: string;
  phone?: string | null;
  email?: string | null;
  language?: string;
  consent?: boolean;
  externalRef?: string | null;
}

/** First badge number of an event: always four digits, short enough to say aloud and type by hand. */
export const FIRST_BADGE_NO = 1001;

/** Registers an attendee with the next badge number and a new signed badge. */
export async function registerAttendee(app: FastifyInstance, input: NewAttendee): Promise<{ id: string; badgeNo: number; badge: string }> {
  const id = randomUUID();
  const badgeNo = writeTransaction(app.sqlite, () => {
    const next = app.db.select({ max: sql<number | null>`max(${attendees.badgeNo})` }).from(attendees).get()?.max;
    const no = Math.max(FIRST_BADGE_NO, (next ?? 0) + 1);
    app.db
      .insert(attendees)
      .values({
        id,
        badgeNo: no,
        firstName: input.firstName,
        lastName: input.lastName ?? '',
        category: input.category ?? 'other',
        institution: input.institution ?? '',
        grade: input.grade ?? '',
        phone: input.phone ?? null,
        email: input.email ?? null,
        language: input.language ?? 'kk',
        consent: input.consent ?? false,
        externalRef: input.externalRef ?? null,
        createdAt: Date.now(),
        searchKey: attendeeSearchKey({ firstName: input.firstName, lastName: input.lastName ?? '' }),
      })
      .run();
    return no;
  })();
  const badge = await issueBadge(app, id);
  return { id, badgeNo, badge: badge.badge };
}

/** Issues a new badge for an attendee, revoking the ones before it; returns the QR text. */
export async function issueBadge(app: FastifyInstance, attendeeId: string): Promise<{ badgeNo: number; badge: string }> {
  const person = app.db.select().from(attendees).where(eq(attendees.id, attendeeId)).get();
  if (!person) throw new Error(`no attendee ${attendeeId}`);
  const serial = BadgeSigner.newSerial();
  const now = Date.now();
  writeTransaction(app.sqlite, () => {
    app.db.update(badges).set({ revokedAt: now }).where(and(eq(badges.attendeeId, attendeeId), isNull(badges.revokedAt))).run();
    app.db.insert(badges).values({ serial, attendeeId, badgeNo: person.badgeNo, issuedAt: now }).run();
  })();
  await app.live.putAttendee({ no: person.badgeNo, firstName: person.firstName, serial });
  return { badgeNo: person.badgeNo, badge: app.badges.issue(person.badgeNo, serial) };
}

/** Revokes every badge of a badge number; false when no attendee has it. */
export async function revokeBadges(app: FastifyInstance, badgeNo: number): Promise<boolean> {
  const person = app.db.select().from(attendees).where(eq(attendees.badgeNo, badgeNo)).get();
  if (!person) return false;
  app.db.update(badges).set({ revokedAt: Date.now() }).where(and(eq(badges.attendeeId, person.id), isNull(badges.revokedAt))).run();
  await app.live.putAttendee({ no: badgeNo, firstName: person.firstName, serial: null });
  return true;
}
