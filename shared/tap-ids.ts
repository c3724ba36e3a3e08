import { newScanId } from './scan-id.ts';

/**
 * How long after it was last sent an unanswered tap's id is sent again: a retry after a Wi-Fi
 * drop, a failover or a reload comes within a minute or two, while the same button tapped ten
 * minutes on is the volunteer's new intention (the next person), not that tap again.
 */
export const TAP_KEPT_MS = 5 * 60_000;

/** A tap whose answer never came: what it was, its id, and when it was last sent (ms). */
export interface UnansweredTap {
  action: string;
  id: string;
  at: number;
}

/** Where a page keeps its unanswered tap across a reload: read once, written after each tap (null once answered). */
export interface KeptTap {
  load(): UnansweredTap | null;
  save(tap: UnansweredTap | null): void;
}

/**
 * The ids a page sends its station actions with (the kiosk's buttons, the board's): a new one per
 * tap, but the same action tapped again after its answer never came (the network failed on the way
 * there or back, or no acknowledgement in time) is sent with the id it went with, so an action
 * the server did apply (a call: someone called) is not applied twice. With `kept`, that holds
 * across a reload of the page.
 */
export class TapIds {
  private unanswered: UnansweredTap | null;

  constructor(
    private readonly kept?: KeptTap,
    private readonly now: () => number = Date.now,
  ) {
    this.unanswered = kept?.load() ?? null;
  }

  /** The id to send `action` with (what it is and to what, as one string: its address and body). */
  idFor(action: string): string {
    const u = this.unanswered;
    return u?.action === action && this.now() - u.at < TAP_KEPT_MS ? u.id : newScanId();
  }

  /** Notes what became of `action` sent with `id`: answered (whatever the answer), or not. */
  sent(action: string, id: string, answered: boolean): void {
    this.unanswered = answered ? null : { action, id, at: this.now() };
    this.kept?.save(this.unanswered);
  }
}
