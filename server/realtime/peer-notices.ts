/**
 * With Redis, other processes are told which stations changed at most this often: one message
 * for all the changes in between, not one per commit (hundreds a second in a rush). Their
 * screens update on their next send, so this adds to their delay at most this much.
 */
const PEER_NOTICE_MS = 50;

/**
 * Tells the other server processes (`send`, through the adapter) which stations changed here and
 * whether someone was registered, gathered over PEER_NOTICE_MS; does nothing without Redis (`send` null).
 */
export function peerNotices(send: ((ids: string[], registeredChanged: boolean) => void) | null): (ids: string[], registeredChanged: boolean) => void {
  let outgoing: Set<string> | null = null;
  let outgoingRegistered = false;
  return (ids, registeredChanged) => {
    if (!send) return;
    if (!outgoing) {
      outgoing = new Set();
      setTimeout(() => {
        const ids = [...outgoing!];
        const reg = outgoingRegistered;
        outgoing = null;
        outgoingRegistered = false;
        send(ids, reg);
      }, PEER_NOTICE_MS).unref();
    }
    for (const id of ids) outgoing.add(id);
    outgoingRegistered ||= registeredChanged;
  };
}
