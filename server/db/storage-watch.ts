import { statfs } from 'node:fs/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { DurableLog } from './durable-store.ts';

/**
 * Why the storage is not well: a commit found no room, a commit failed otherwise, free space
 * under MIN_FREE_MB, or (Redis mode) the archiver cannot write the log into SQLite.
 */
export type StorageReason = 'storage_full' | 'storage_unavailable' | 'storage_low' | 'archive_failing';

export interface StorageReport {
  reasons: StorageReason[];
  /** Free space on the data folder's disk (MB) when last looked at; null before the first look. */
  freeMb: number | null;
  minFreeMb: number;
}

/** Why an event's log is not well: its last commit failed (for want of room or otherwise), or its archiver cannot write it (Redis mode). */
export function logReasons(journal: Pick<DurableLog, 'failure'>, archiveFailing: boolean): StorageReason[] {
  const reasons: StorageReason[] = [];
  if (journal.failure) reasons.push(journal.failure.full ? 'storage_full' : 'storage_unavailable');
  if (archiveFailing) reasons.push('archive_failing');
  return reasons;
}

/** How often free space is looked at: a statfs on a timer, never on the scan path. */
export const STORAGE_CHECK_MS = 5_000;

/**
 * Watches the storage the log is kept in: the free space of the data folder's disk (on a timer)
 * and whether the log's last commit failed (the journal says). While space is low, or after a
 * failed commit, the WAL is checkpointed down to nothing (`shrinkWal`) so it does not hold space
 * the log needs; when a commit succeeds again after failing, once more. Writes need nothing to
 * resume: the next commit tries again.
 */
export class StorageWatch {
  private freeMb: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reported = '';
  private archiveFailing: () => boolean = () => false;

  constructor(
    private readonly dir: string,
    private readonly minFreeMb: number,
    private readonly journal: DurableLog,
    private readonly shrinkWal: () => void,
    private readonly log: FastifyBaseLogger,
  ) {
    journal.onChange((failure) => {
      // Said once when commits start failing (the answers to them are not logged one by one), and once when they succeed again.
      if (failure) log.error({ err: failure.cause, full: failure.full }, 'the log cannot be committed');
      shrinkWal();
      this.logChange();
    });
  }

  /** Looks at the free space every `everyMs` from now on (the first look at once). */
  start(everyMs = STORAGE_CHECK_MS): Promise<void> {
    this.timer = setInterval(() => {
      this.check().catch((err: unknown) => this.log.warn({ err, dir: this.dir }, 'free space could not be read'));
    }, everyMs);
    this.timer.unref();
    return this.check();
  }

  /** Looks at the free space now. */
  async check(): Promise<void> {
    const s = await statfs(this.dir);
    this.freeMb = Math.floor((s.bavail * s.bsize) / 2 ** 20);
    if (this.report().reasons.length > 0) this.shrinkWal();
    this.logChange();
  }

  /** Redis mode: whether the archiver fails to write the log into SQLite counts too. */
  watchArchive(failing: () => boolean): void {
    this.archiveFailing = failing;
  }

  report(): StorageReport {
    const reasons = logReasons(this.journal, this.archiveFailing());
    if (this.freeMb !== null && this.freeMb < this.minFreeMb) reasons.push('storage_low');
    return { reasons, freeMb: this.freeMb, minFreeMb: this.minFreeMb };
  }

  /** Logs when the reasons change, once each time. */
  private logChange(): void {
    const r = this.report();
    const now = r.reasons.join(',');
    if (now === this.reported) return;
    this.reported = now;
    if (r.reasons.length > 0) this.log.warn({ reasons: r.reasons, freeMb: r.freeMb, minFreeMb: r.minFreeMb, dir: this.dir }, 'storage degraded');
    else this.log.info({ freeMb: r.freeMb, dir: this.dir }, 'storage well again');
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
