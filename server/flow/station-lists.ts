// A station's long lists (who is inside, the queue, those called) change here and only here, so
// that finding an attendee in them costs the same at 20 or 20,000 people (an index per list,
// made when a list is first searched and kept with every change after), and so that a change
// made in place can be undone (`inPlace`). The queue and those called are plain arrays; who is
// inside is a list of its own (occupants.ts), written as an array in JSON: the station is a JSON
// document, the same in memory and in Redis.
//
// `occupants` and `called` are kept in time order (`since`, `at`): people enter and are called at
// the time of the scan that does it, so an entry is appended, and only a clock behind another
// process's puts one before the last. The next maximum stay is therefore the first occupant's and
// the next call to expire the first call's.
import type { QueueEntry, ReadonlyStation, StationState } from './state.ts';

/** Lists shorter than this are searched by walking them: cheaper than an index. */
export const INDEXED_FROM = 16;

/** Attendees waiting, for the queues searched so far. */
const queueIndexes = new WeakMap<readonly number[], Set<number>>();

/** Inverse edits of the change being made in place, when one is (see `inPlace`). */
let edits: Array<() => void> | null = null;

function record(undo: () => void): void {
  edits?.push(undo);
}

/**
 * Runs `change`, which edits lists in place through this module, and returns a function that
 * takes those edits back, the last first. Numbers and the short lists are the caller's to restore.
 */
export function inPlace<T>(change: () => T): { result: T; undoLists: () => void } {
  const made: Array<() => void> = [];
  edits = made;
  try {
    return {
      result: change(),
      undoLists: () => {
        for (let i = made.length - 1; i >= 0; i--) made[i]();
      },
    };
  } finally {
    edits = null;
  }
}

/** When attendee `no` entered station `s`; undefined when not inside. */
export function sinceInside(s: ReadonlyStation, no: number): number | undefined {
  return s.occupants.since(no);
}

/** The first position in a list in time order whose time is `t` or later (`after`: later than `t`). */
function timePosition<E>(list: readonly E[], timeOf: (e: E) => number, t: number, after = false): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const m = timeOf(list[mid]);
    if (m < t || (after && m === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Puts attendee `no` inside `s` since `at`, in time order. */
export function addOccupant(s: StationState, no: number, at: number): void {
  const list = s.occupants;
  list.add(no, at);
  record(() => list.remove(no));
}

/** Takes attendee `no` out of `s`; when they entered, undefined when they were not inside. */
export function removeOccupant(s: StationState, no: number): number | undefined {
  const list = s.occupants;
  const e = list.remove(no);
  if (e === undefined) return undefined;
  record(() => list.restore(e));
  return e.occupant[1];
}

/** Whether attendee `no` waits in the queue of `s`. */
export function isQueued(s: ReadonlyStation, no: number): boolean {
  const queue = s.queue;
  if (queue.length < INDEXED_FROM && !queueIndexes.has(queue)) return queue.includes(no);
  let index = queueIndexes.get(queue);
  if (!index || index.size !== queue.length) queueIndexes.set(queue, (index = new Set(queue)));
  return index.has(no);
}

function putQueued(queue: number[], i: number, no: number): void {
  if (i === queue.length) queue.push(no);
  else if (i === 0) queue.unshift(no);
  else queue.splice(i, 0, no);
  queueIndexes.get(queue)?.add(no);
}

function takeQueued(queue: number[], i: number): number {
  const no = i === 0 ? queue.shift()! : i === queue.length - 1 ? queue.pop()! : queue.splice(i, 1)[0];
  queueIndexes.get(queue)?.delete(no);
  return no;
}

/** Puts attendee `no` at the end of the queue of `s`. */
export function enqueue(s: StationState, no: number): void {
  const queue = s.queue;
  putQueued(queue, queue.length, no);
  record(() => takeQueued(queue, queue.length - 1));
}

/** Takes the first in the queue of `s` out of it; undefined when the queue is empty. */
export function dequeue(s: StationState): number | undefined {
  const queue = s.queue;
  if (queue.length === 0) return undefined;
  const no = takeQueued(queue, 0);
  record(() => putQueued(queue, 0, no));
  return no;
}

/** Takes attendee `no` out of the queue of `s`; false when they were not in it. */
export function removeQueued(s: StationState, no: number): boolean {
  if (!isQueued(s, no)) return false;
  const queue = s.queue;
  const i = queue.indexOf(no);
  takeQueued(queue, i);
  record(() => putQueued(queue, i, no));
  return true;
}

const callTime = (e: QueueEntry | { readonly at: number }) => e.at;

/** Calls attendee `no` at `at`: a place is kept for them (in time order, as `occupants`). */
export function addCalled(s: StationState, no: number, at: number): void {
  const list = s.called;
  const last = list[list.length - 1];
  const i = last === undefined || last.at <= at ? list.length : timePosition(list, callTime, at, true);
  if (i === list.length) list.push({ no, at });
  else list.splice(i, 0, { no, at });
  record(() => list.splice(i, 1));
}

/** Takes attendee `no`'s call at `s` back; false when they were not called there. */
export function removeCalled(s: StationState, no: number): boolean {
  const list = s.called;
  const i = list.findIndex((e) => e.no === no);
  if (i < 0) return false;
  const [e] = list.splice(i, 1);
  record(() => list.splice(i, 0, e));
  return true;
}
