/**
 * A whole day played through the real API and kiosks (bench/play-day.ts), to watch the board and
 * screens move, to rehearse and to load a server.
 *
 * `npm run simulate -- <server URL> <admin token> [attendees=400] [speed=60]`: against a running
 * server, on its own clock (tours take bookings only for departures its clock has not passed).
 * `npm run simulate -- rehearse [attendees=400] [speed=60]`: a rehearsal: starts a server in this
 * process on a data folder of its own (PORT, default 3000; the rest of its settings from the
 * environment) whose clock reads the event's day at the simulated speed, so that every time rule
 * (maximum stays, calls, sessions and tours ending by time, departures) plays out as on the day;
 * the server keeps running afterwards for its reports until Ctrl-C.
 * `speed` is simulated minutes per real minute (60: a six-hour day in six minutes).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { playDay, type DayOptions, type DayPlayed } from './play-day.ts';
import { runDateFast } from './fast-clock.ts';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { eventUtcOffset } from '../shared/event.ts';
import { instantOf } from '../shared/event-clock.ts';

const usage = [
  'usage: npm run simulate -- <server URL> <admin token> [attendees=400] [speed=60]',
  '       npm run simulate -- rehearse [attendees=400] [speed=60]',
].join('\n');

function numbers(countArg = '400', speedArg = '60'): { attendees: number; speed: number } {
  const attendees = Number(countArg);
  const speed = Number(speedArg);
  if (!Number.isInteger(attendees) || attendees <= 0 || !Number.isFinite(speed) || speed <= 0) {
    console.error(usage);
    process.exit(2);
  }
  return { attendees, speed };
}

/** Starts a server whose clock is the event's day: an hour before the doors open at real speed while the day is prepared, then from the opening at `speed`. */
async function rehearsalServer(speed: number): Promise<Pick<DayOptions, 'base' | 'token' | 'serverClockSpeed' | 'onDoorsOpen'>> {
  const token = randomUUID();
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: mkdtempSync(join(tmpdir(), 'kezek-rehearsal-')), ADMIN_TOKEN: token };
  const config = loadConfig(env);
  const opening = (opens: string) => instantOf(config.event.date, opens, eventUtcOffset(config.event));
  let restore = runDateFast(opening(config.event.programme?.opens ?? '09:00') - 3_600_000, 1);
  const app = await buildApp({ config });
  await app.listen({ port: config.port, host: config.host });
  const base = `http://localhost:${(app.server.address() as { port: number }).port}`;
  console.log(`rehearsal server at ${base} (data in ${config.dataDir}; admin token ${token}): open ${base}/board and ${base}/screen`);
  return {
    base,
    token,
    serverClockSpeed: speed,
    onDoorsOpen: (opens) => {
      restore();
      restore = runDateFast(opening(opens), speed);
    },
  };
}

function summary(played: DayPlayed): string {
  const noShows = played.departures.reduce((n, d) => n + d.booked - d.here, 0);
  const tours = played.departures.map((d) => `${d.stationId} ${d.time} ${d.group}/${d.capacity}`).join(', ');
  const sessions = played.sessions.map((s) => `${s.stationId} ${s.time} ${s.group}`).join(', ');
  return [`day over: ${JSON.stringify(played.stats)}`, `departures (group/size): ${tours || 'none'}; no-shows ${noShows}`, `programme sessions (inside at the start): ${sessions || 'none'}`].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === 'rehearse') {
    const { attendees, speed } = numbers(args[1], args[2]);
    const server = await rehearsalServer(speed);
    console.log(summary(await playDay({ ...server, attendees, speed, log: console.log })));
    return;
  }
  const [base = 'http://localhost:3000', token = process.env.ADMIN_TOKEN ?? ''] = args;
  const { attendees, speed } = numbers(args[2], args[3]);
  if (!token) {
    console.error(usage);
    process.exit(2);
  }
  console.log(summary(await playDay({ base, token, attendees, speed, log: console.log })));
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
