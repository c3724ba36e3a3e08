// Writer thread of server/db/journal.ts: commits each batch of log entries it is sent and says
// so, keeping SQLite's work off the thread that answers scans.
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');
const logWriter = require('./log-writer.cjs');

const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
db.pragma('wal_autocheckpoint = 0');
const write = logWriter(db);

parentPort.on('message', (batch) => {
  if (batch === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    write(batch.entries);
    parentPort.postMessage({ id: batch.id });
  } catch (err) {
    parentPort.postMessage({ id: batch.id, error: String(err) });
  }
});
