// The station lists module on its own: entries out of time order (a clock behind another
// process's) go to their place in time, undoing a change in place puts every list back as it was
// and nothing after it, and an index follows a list changed outside the module.
import { describe, expect, it } from 'vitest';
import type { StationDef } from '../../shared/event.ts';
import { newStation, type StationState } from '../../server/flow/state.ts';
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

function station(lists: Partial<Pick<StationState, 'occupants' | 'queue' | 'called'>> = {}): StationState {
  return { ...newStation(def), ...lists };
}

describe('entries out of time order', () => {
  it('puts an occupant who entered earlier than the last before the later ones, after those of the same time', () => {
    const s = station({ occupants: [[1, 10], [2, 20]] });
    addOccupant(s, 3, 10);
    expect(s.occupants).toEqual([[1, 10], [3, 10], [2, 20]]);
    addOccupant(s, 4, 20);
    expect(s.occupants).toEqual([[1, 10], [3, 10], [2, 20], [4, 20]]);
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
    expect(s.occupants).toEqual([[1, 10], [3, 10]]);
  });

  it('finds occupants in a list not in time order (written by hand) by walking it', () => {
    const s = station({ occupants: [[2, 10], [3, 5], [4, 5]] });
    expect(removeOccupant(s, 4)).toBe(5);
    expect(removeOccupant(s, 2)).toBe(10);
    expect(s.occupants).toEqual([[3, 5]]);
  });
});

describe('who is not there', () => {
  it('is taken out of nothing: no occupant, queue entry or call goes', () => {
    const s = station({ occupants: [[1, 10], [2, 20]], queue: [5, 6], called: [{ no: 7, at: 10 }] });
    const { result, undoLists } = inPlace(() => [removeOccupant(s, 9), removeQueued(s, 9), removeCalled(s, 9)]);
    expect(result).toEqual([undefined, false, false]);
    expect(s).toMatchObject({ occupants: [[1, 10], [2, 20]], queue: [5, 6], called: [{ no: 7, at: 10 }] });
    undoLists();
    expect(s).toMatchObject({ occupants: [[1, 10], [2, 20]], queue: [5, 6], called: [{ no: 7, at: 10 }] });
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
    const before = structuredClone(s);
    const { undoLists } = inPlace(() => {
      removeOccupant(s, 2);
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
    undoLists();
    expect(s).toEqual(before);
  });

  it('takes back only what was changed inside it, not a change made after it', () => {
    const s = station();
    const { undoLists } = inPlace(() => addOccupant(s, 1, 10));
    addOccupant(s, 2, 20);
    enqueue(s, 3);
    undoLists();
    expect(s.occupants).toEqual([[2, 20]]);
    expect(s.queue).toEqual([3]);
  });
});

describe('indexes of long lists', () => {
  it('follow a list changed outside this module', () => {
    const s = station({
      occupants: Array.from({ length: INDEXED_FROM + 4 }, (_, i): [number, number] => [i + 1, i * 10]),
      queue: Array.from({ length: INDEXED_FROM + 4 }, (_, i) => 100 + i),
    });
    expect(sinceInside(s, 3)).toBe(20);
    expect(isQueued(s, 103)).toBe(true);
    s.occupants.push([500, 1000]);
    s.queue.push(600);
    expect(sinceInside(s, 500)).toBe(1000);
    expect(isQueued(s, 600)).toBe(true);
    s.occupants.splice(0, 1);
    s.queue.splice(0, 1);
    expect(sinceInside(s, 1)).toBeUndefined();
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
