import type { FastifyInstance } from 'fastify';
import badgeRoutes from './badges.ts';
import attendeeImportRoutes from './import.ts';
import attendeeRecordRoutes from './records.ts';
import attendeeSearchRoutes from './search.ts';
import returningRoutes from './returning.ts';

/** Registering, finding, editing and importing attendees, and managing their badges. */
export default async function attendeeRoutes(app: FastifyInstance): Promise<void> {
  await app.register(attendeeRecordRoutes);
  await app.register(returningRoutes);
  await app.register(attendeeSearchRoutes);
  await app.register(attendeeImportRoutes);
  await app.register(badgeRoutes);
}
