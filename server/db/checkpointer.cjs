// Checkpointer thread of the event database (server/db/journal.ts): copies what the WAL holds
// into the database file, a few times a second, on a connection of its own, so the thread that
// commits scans never stops for a checkpoint. A PASSIVE checkpoint waits for nobody and blocks
// nobody; the WAL starts over at the next commit after one has copied everything, but its file
// keeps the size it grew to. Told 'truncate' (space is short: server/db/storage-watch.ts), it
// makes a TRUNCATE checkpoint instead, which also cuts the file to nothing, on every turn until
// one succeeds (it waits for writers, and fails while the disk has no room for the pages).
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');

const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
let truncate = false;
let lastWarning = '';
const timer = setInterval(() => {
  try {
    if (truncate) {
      const [result] = db.pragma('wal_checkpoint(TRUNCATE)');
      if (result.busy === 0) {
        truncate = false;
        parentPort.postMessage({ truncated: true });
      }
    } else db.pragma('wal_checkpoint(PASSIVE)');
    lastWarning = '';
  } catch (err) {
    // While the disk is full every checkpoint fails alike: said once, not four times a second.
    if (String(err) !== lastWarning) parentPort.postMessage({ warning: String(err) });
    lastWarning = String(err);
  }
}, workerData.everyMs);

parentPort.on('message', (m) => {
  if (m === 'truncate') truncate = true;
  if (m !== 'close') return;
  clearInterval(timer);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  parentPort.close();
});
