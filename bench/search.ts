// Times the desk's attendee search (GET /api/attendees?q=…, the whole request: route, full-text
// index, the page of 100 with each badge's state) over 10,000 attendees with Kazakh and Russian
// names, each with a badge. Run: npx tsx bench/search.ts [runs]. Prints a markdown table.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { attendeeSearchKey } from '../shared/name-search.ts';

const ATTENDEES = 10_000;
const RUNS = Number(process.argv[2] ?? 200);
const TOKEN = 'bench-admin-token-0123456789';
const LAST = ['Иванов', 'Ахметов', 'Сейітқали', 'Нұрланқызы', 'Өмірбекова', 'Ким', 'Петрова', 'Жақсыбеков', 'Смагулова', 'Қасымова', 'Омаров', 'Серікова', 'Есенов', 'Мұқанов', 'Волкова'];
const FIRST = ['Дмитрий', 'Әлия', 'Айгерім', 'Ерлан', 'Дана', 'Пётр', 'Ұлжан', 'Нұрсұлтан', 'Алина', 'Іңкәр', 'Асель', 'Максим', 'Ғалым', 'Мира', 'Ержан'];
const QUERIES: [string, string][] = [
  ['a surname typed on a Russian keyboard', 'нурланкызы'],
  ['surname and first name, Latin', 'Nurlankyzy Aliya'],
  ['one letter (thousands match)', 'а'],
  ['two word prefixes', 'иван дм'],
  ['nobody', 'Жоқадам'],
  ['a badge number', '5123'],
  ['a phone number', '8 701 000 51 23'],
  ['the newest (no text)', ''],
];

const dir = mkdtempSync(join(tmpdir(), 'kezek-bench-search-'));
const app = await buildApp({ config: loadConfig({ DATA_DIR: dir, ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'silent' }), logger: false });
try {
  const insertAttendee = app.sqlite.prepare(
    `INSERT INTO attendees (id, badge_no, first_name, last_name, category, institution, grade, phone, language, consent, created_at, search_key)
     VALUES (?, ?, ?, ?, 'school', ?, '11', ?, 'kk', 0, ?, ?)`,
  );
  const insertBadge = app.sqlite.prepare('INSERT INTO badges (serial, attendee_id, badge_no, issued_at) VALUES (?, ?, ?, ?)');
  app.sqlite.transaction(() => {
    for (let i = 0; i < ATTENDEES; i++) {
      const id = randomUUID();
      const [firstName, lastName] = [FIRST[i % FIRST.length], LAST[Math.floor(i / FIRST.length) % LAST.length]];
      insertAttendee.run(id, 1001 + i, firstName, lastName, `Школа № ${i % 60}`, i % 2 ? `+77010${String(i).padStart(6, '0')}` : null, i, attendeeSearchKey({ firstName, lastName }));
      insertBadge.run(randomUUID().slice(0, 8), id, 1001 + i, i);
    }
  })();

  console.log(`Attendee search over ${ATTENDEES.toLocaleString('en')} attendees, ${RUNS} requests each (app.inject, a page of up to 100). ` +
    `${cpus().length} cores, load ${loadavg()[0].toFixed(2)}.\n`);
  console.log('| query | matches | median ms | p95 ms | max ms |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [what, q] of QUERIES) {
    const url = `/api/attendees?q=${encodeURIComponent(q)}&limit=100`;
    const times: number[] = [];
    let total = '';
    for (let run = 0; run < RUNS + 10; run++) {
      const started = performance.now();
      const r = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TOKEN}` } });
      const ms = performance.now() - started;
      if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
      total = String(r.headers['x-total-count']);
      if (run >= 10) times.push(ms);
    }
    times.sort((a, b) => a - b);
    const at = (p: number): string => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
    console.log(`| ${what}: \`${q}\` | ${Number(total).toLocaleString('en')} | ${at(0.5)} | ${at(0.95)} | ${times[times.length - 1].toFixed(2)} |`);
  }
} finally {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
