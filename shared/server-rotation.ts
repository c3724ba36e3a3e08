// Which of the event's servers (PUBLIC_URLS) a page talks to. Apart from their schemas
// (servers.ts) so that the kiosk page, the lightest, does not load TypeBox for them.

/**
 * Which server a page talks to: the one that served it first (`''`: its own origin, relative
 * addresses), then each other in turn after a failure. The same scan ids go to whichever it is,
 * so a scan sent to two servers is still counted once.
 */
export class ServerRotation {
  private list: string[] = [''];
  private at = 0;

  /** `own`: the page's origin; `urls`: every server of the event (the page's own may be among them). */
  constructor(
    private readonly own: string,
    urls: readonly string[] = [],
  ) {
    this.update(urls);
  }

  /** Learns the event's servers anew, staying with the current one if it is still among them. */
  update(urls: readonly string[]): void {
    const current = this.current;
    this.list = ['', ...urls.filter((u, i) => u !== this.own && u !== '' && urls.indexOf(u) === i)];
    this.at = Math.max(0, this.list.indexOf(current));
  }

  /** The full address of the current server (`own` for the page's own). */
  get origin(): string {
    return this.current === '' ? this.own : this.current;
  }

  /** The address prefix to put before `/api/...` now (`''` for the page's own server). */
  get current(): string {
    return this.list[this.at];
  }

  /** Every server, its own first. */
  get all(): readonly string[] {
    return this.list;
  }

  /** Turns to the next server after the current one stopped answering; returns it. */
  next(): string {
    this.at = (this.at + 1) % this.list.length;
    return this.current;
  }
}
