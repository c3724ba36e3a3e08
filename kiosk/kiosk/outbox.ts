/**
 * The on-device outbox: every scan is written here before it is sent and deleted only once the
 * server has answered it, so a Wi-Fi drop or a reload loses none. The server dedupes by scan id,
 * so sending one twice (an answer lost on the way back) never counts twice.
 */

export interface OutboxScan {
  id: string;
  /** The QR text read by the camera or a wedge scanner; or else: */
  badge?: string;
  /** A badge number typed by hand (the server looks up the badge). */
  badgeNo?: number;
  /** When it was scanned (ISO), sent as `at` so the server logs the real time. */
  at: string;
  station: string;
}

const DB = 'kezek-kiosk';
const STORE = 'outbox';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

export class Outbox {
  private constructor(private readonly db: Promise<IDBDatabase>) {}

  /**
   * The outbox at once, its database opening meanwhile (on a fresh tablet that takes a while):
   * the first call waits for it, nothing before (the camera starts without it).
   */
  static open(): Outbox {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => {
      const store = open.result.createObjectStore(STORE, { keyPath: 'id' });
      store.createIndex('at', 'at');
    };
    const db = request(open);
    db.catch(() => {}); // shown by the first call that needs it
    return new Outbox(db);
  }

  private async tx<T>(mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const t = (await this.db).transaction(STORE, mode, { durability: 'strict' });
    const result = await request(run(t.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      t.oncomplete = () => resolve();
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
    return result;
  }

  put(scan: OutboxScan): Promise<IDBValidKey> {
    return this.tx('readwrite', (s) => s.put(scan));
  }

  delete(id: string): Promise<undefined> {
    return this.tx('readwrite', (s) => s.delete(id));
  }

  /** Scans waiting, oldest first: they are sent in the order they were made. */
  all(): Promise<OutboxScan[]> {
    return this.tx('readonly', (s) => s.index('at').getAll());
  }

  count(): Promise<number> {
    return this.tx('readonly', (s) => s.count());
  }
}
