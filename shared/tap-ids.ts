import { newScanId } from './scan-id.ts';

/**
 * The ids a page sends its station actions with (the kiosk's buttons, the board's): a new one per
 * tap, but the same action tapped again after its answer never came (the network failed on the way
 * there or back, or no acknowledgement in time) is sent with the id it went with, so an action
 * the server did apply (a call: someone called) is not applied twice.
 */
export class TapIds {
  private unanswered: { action: string; id: string } | null = null;

  /** The id to send `action` with (what it is and to what, as one string: its address and body). */
  idFor(action: string): string {
    return this.unanswered?.action === action ? this.unanswered.id : newScanId();
  }

  /** Notes what became of `action` sent with `id`: answered (whatever the answer), or not. */
  sent(action: string, id: string, answered: boolean): void {
    this.unanswered = answered ? null : { action, id };
  }
}
