// A day's clock for a rehearsal: `Date` in this process reads `from` now and runs `speed` times as
// fast as real time, so the server's time rules (maximum stays, calls kept, sessions and tours
// ending, departures taking bookings) play out at the simulated day's speed and its scan log holds
// the day's own times. Timers (`setTimeout`) and `performance.now()` keep real time.

/** Makes `Date` read `from` (ms since the epoch) now and run `speed` times as fast; returns what puts the real clock back. */
export function runDateFast(from: number, speed: number): () => void {
  const RealDate = globalThis.Date;
  const began = performance.now();
  const now = () => Math.floor(from + (performance.now() - began) * speed);
  globalThis.Date = new Proxy(RealDate, {
    construct: (target, args, newTarget) => Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget),
    apply: () => new RealDate(now()).toString(),
    get: (target, key, receiver) => (key === 'now' ? now : Reflect.get(target, key, receiver)),
  });
  return () => {
    globalThis.Date = RealDate;
  };
}
