// Checkpointer thread of the event database (server/db/journal.ts): copies what the WAL holds
// into the database file, a few times a second, on a connection of its own, so the thread that
// commits scans never stops for a checkpoint. A PASSIVE checkpoint waits for nobody and blocks
// nobody; the WAL starts over at the next commit after one has copied everything.
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');

const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ warning: String(err) });
  }
}, workerData.everyMs);

parentPort.on('message', (m) => {
  if (m !== 'close') return;
  clearInterval(timer);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  parentPort.close();
});
