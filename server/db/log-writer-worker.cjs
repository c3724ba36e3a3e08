// Writer thread of server/db/journal.ts: commits each batch of log entries it is sent and says
// so, keeping SQLite's work off the thread that answers scans. It also checkpoints the WAL: in
// small steps as it commits (a checkpoint run beside a busy writer never completes, and the WAL
// then grows), and each second for what other connections wrote.
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');
const logWriter = require('./log-writer.cjs');

const CHECKPOINT_EVERY_MS = 1000;

const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
db.pragma('wal_autocheckpoint = 1000');
const write = logWriter(db);

const checkpoint = (mode) => {
  try {
    db.pragma(`wal_checkpoint(${mode})`);
  } catch (err) {
    parentPort.postMessage({ warning: String(err) });
  }
};
const timer = setInterval(() => checkpoint('PASSIVE'), CHECKPOINT_EVERY_MS);

parentPort.on('message', (batch) => {
  if (batch === 'close') {
    clearInterval(timer);
    checkpoint('TRUNCATE');
    db.close();
    parentPort.close();
    return;
  }
  try {
    write(JSON.parse(batch.entries));
    parentPort.postMessage({ id: batch.id });
  } catch (err) {
    parentPort.postMessage({ id: batch.id, error: String(err) });
  }
});
