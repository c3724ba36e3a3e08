// The station lists module on its own: entries out of time order (a clock behind another
// process's) go to their place in time, undoing a change in place puts every list back as it was
// and nothing after it, an index follows a queue changed outside the module, and people leave a
// station of thousands in any order with the rest kept in time order.
import { describe, expect, it } from 'vitest';
import type { StationDef } from '../../shared/event.ts';
import { Occupants } from '../../server/flow/occupants.ts';
import { newStation, type QueueEntry, type StationState } from '../../server/flow/state.ts';
import {
  addCalled,
  addOccupant,
  dequeue,
  enqueue,
  INDEXED_FROM,
  inPlace,
  isQueued,
  removeCalled,
  removeOccupant,
  removeQueued,
  sinceInside,
} from '../../server/flow/station-lists.ts';

const def: StationDef = { id: 'hall', name: { kk: 'hall', ru: 'hall', en: 'hall' }, group: 'employer', host: 'hall', capacity: 100, mode: 'continuous', sessionMinutes: 10, maxStayMinutes: 8 };

function station({ occupants, ...lists }: { occupants?: Array<[number, number]>; queue?: number[]; called?: QueueEntry[] } = {}): StationState {
  return { ...newStation(def), ...lists, occupants: new Occupants(occupants) };
}

/** The station with who is inside as an array, to compare. */
const plain = (s: StationState) => ({ ...s, occupants: [...s.occupants] });

describe('entries out of time order', () => {
  it('puts an occupant who entered earlier than the last before the later ones, after those of the same time', () => {
    const s = station({ occupants: [[1, 10], [2, 20]] });
    addOccupant(s, 3, 10);
    expect([...s.occupants]).toEqual([[1, 10], [3, 10], [2, 20]]);
    addOccupant(s, 4, 20);
    expect([...s.occupants]).toEqual([[1, 10], [3, 10], [2, 20], [4, 20]]);
    addOccupant(s, 5, 5);
    expect(s.occupants.first()).toEqual([5, 5]);
  });

  it('puts a call made earlier than the last before the later ones, after those of the same time', () => {
    const s = station({ called: [{ no: 1, at: 10 }, { no: 2, at: 20 }] });
    addCalled(s, 3, 15);
    addCalled(s, 4, 10);
    addCalled(s, 5, 20);
    addCalled(s, 6, 30);
    expect(s.called.map((c) => c.no)).toEqual([1, 4, 3, 2, 5, 6]);
    expect(s.called[2]).toEqual({ no: 3, at: 15 });
  });

  it('finds an occupant among several who entered at the same millisecond', () => {
    const s = station({ occupants: [[1, 10], [2, 10], [3, 10]] });
    expect(removeOccupant(s, 2)).toBe(10);
    expect([...s.occupants]).toEqual([[1, 10], [3, 10]]);
  });

  it('puts a list of occupants not in time order (written by hand) in order, and finds them in it', () => {
    const s = station({ occupants: [[2, 10], [3, 5], [4, 5]] });
    expect(s.occupants.toJSON()).toEqual([[3, 5], [4, 5], [2, 10]]);
    expect(removeOccupant(s, 4)).toBe(5);
    expect(removeOccupant(s, 2)).toBe(10);
    expect([...s.occupants]).toEqual([[3, 5]]);
  });
});

describe('who is not there', () => {
  it('is taken out of nothing: no occupant, queue entry or call goes', () => {
    const s = station({ occupants: [[1, 10], [2, 20]], queue: [5, 6], called: [{ no: 7, at: 10 }] });
    const { result, undoLists } = inPlace(() => [removeOccupant(s, 9), removeQueued(s, 9), removeCalled(s, 9)]);
    expect(result).toEqual([undefined, false, false]);
    expect(plain(s)).toMatchObject({ occupants: [[1, 10], [2, 20]], queue: [5, 6], called: [{ no: 7, at: 10 }] });
    undoLists();
    expect(plain(s)).toMatchObject({ occupants: [[1, 10], [2, 20]], queue: [5, 6], called: [{ no: 7, at: 10 }] });
  });

  it('is not taken from an empty queue, and undoing that adds no one', () => {
    const s = station();
    const { result, undoLists } = inPlace(() => dequeue(s));
    expect(result).toBeUndefined();
    undoLists();
    expect(s.queue).toEqual([]);
  });
});

describe('a change made in place', () => {
  it('is undone to the lists as they were, each entry back at its place', () => {
    const s = station({ occupants: [[1, 10], [2, 20], [3, 30]], queue: [4, 5, 6, 7], called: [{ no: 8, at: 10 }, { no: 9, at: 20 }, { no: 10, at: 30 }] });
    const before = structuredClone(plain(s));
    const { undoLists } = inPlace(() => {
      removeOccupant(s, 2);
      removeOccupant(s, 1);
      addOccupant(s, 1, 30);
      removeQueued(s, 6);
      removeQueued(s, 5);
      dequeue(s);
      removeQueued(s, 7);
      enqueue(s, 11);
      removeCalled(s, 9);
      addCalled(s, 12, 15);
      addOccupant(s, 13, 25);
    });
    expect(s.queue).toEqual([11]);
    expect([...s.occupants]).toEqual([[13, 25], [3, 30], [1, 30]]);
    undoLists();
    expect(plain(s)).toEqual(before);
  });

  it('takes back only what was changed inside it, not a change made after it', () => {
    const s = station();
    const { undoLists } = inPlace(() => addOccupant(s, 1, 10));
    addOccupant(s, 2, 20);
    enqueue(s, 3);
    undoLists();
    expect([...s.occupants]).toEqual([[2, 20]]);
    expect(s.queue).toEqual([3]);
  });
});

describe('indexes of long lists', () => {
  it('follow a queue changed outside this module', () => {
    const s = station({ queue: Array.from({ length: INDEXED_FROM + 4 }, (_, i) => 100 + i) });
    expect(isQueued(s, 103)).toBe(true);
    s.queue.push(600);
    expect(isQueued(s, 600)).toBe(true);
    s.queue.splice(0, 1);
    expect(isQueued(s, 100)).toBe(false);
  });

  it('are kept with changes made here', () => {
    const s = station({ occupants: Array.from({ length: INDEXED_FROM }, (_, i): [number, number] => [i + 1, i]), queue: Array.from({ length: INDEXED_FROM }, (_, i) => 100 + i) });
    expect(sinceInside(s, 1)).toBe(0);
    expect(isQueued(s, 100)).toBe(true);
    addOccupant(s, 50, 100);
    removeOccupant(s, 1);
    enqueue(s, 200);
    removeQueued(s, 100);
    expect([sinceInside(s, 50), sinceInside(s, 1), isQueued(s, 200), isQueued(s, 100)]).toEqual([100, undefined, true, false]);
  });
});

describe('a station of thousands', () => {
  it('lets people leave in any order, the rest kept in time order, the earliest first', () => {
    const n = 20_000;
    const s = station();
    for (let no = 1; no <= n; no++) addOccupant(s, no, Math.floor(no / 3));
    // Every third leaves, from the middle out, then a change taken back puts them where they were.
    for (let no = n / 2; no >= 1; no -= 3) expect(removeOccupant(s, no)).toBe(Math.floor(no / 3));
    for (let no = n / 2 + 3; no <= n; no += 3) removeOccupant(s, no);
    const kept = [...s.occupants];
    const { result, undoLists } = inPlace(() => [removeOccupant(s, 2), removeOccupant(s, 12_002), removeOccupant(s, n)]);
    expect(result).toEqual([0, 4000, n / 3 - (n % 3) / 3]);
    expect(s.occupants.first()).toEqual([3, 1]);
    undoLists();
    expect([...s.occupants]).toEqual(kept);
    expect(kept).toHaveLength(s.occupants.size);
    expect(kept.every(([no]) => no % 3 !== (n / 2) % 3)).toBe(true);
    expect(kept.every(([, since], i) => i === 0 || kept[i - 1][1] <= since)).toBe(true);
    expect(kept.every(([no], i) => i === 0 || kept[i - 1][0] < no)).toBe(true);
    expect(sinceInside(s, 12_002)).toBe(4000);
    expect(sinceInside(s, n / 2)).toBeUndefined();
  });
});
