// Who is inside a station: found by badge number through a Map, kept in time order in a list
// linked through its entries, so that entering, leaving in any order and finding someone cost the
// same at 20 or 20,000 people inside. An array of 20,000 lives in V8's large-object space, where
// taking one entry out of its middle moved every entry after it (80–140 µs a time).
//
// People enter at the time of the scan that lets them in, so an entry is appended, and only a
// clock behind another process's puts one before the last: found by walking back from the end.
// The earliest in is the first, and the next maximum stay is theirs.

/** Someone inside: badge number, and since when (ms). The same object from entering to leaving. */
export type Occupant = readonly [no: number, since: number];

/** An entry of the list; kept by whoever took it out, to put it back where it was (`restore`). */
export interface OccupantEntry {
  readonly occupant: Occupant;
  prev: OccupantEntry | null;
  next: OccupantEntry | null;
}

/** The occupants as a store hands them out: read, never changed. */
export interface ReadonlyOccupants extends Iterable<Occupant> {
  readonly size: number;
  /** The earliest in; undefined when nobody is inside. */
  first(): Occupant | undefined;
  /** When attendee `no` entered; undefined when not inside. */
  since(no: number): number | undefined;
  /** As JSON writes it: [no, since] in time order, as the array it replaced. */
  toJSON(): Array<[no: number, since: number]>;
}

export class Occupants implements ReadonlyOccupants {
  private readonly byNo = new Map<number, OccupantEntry>();
  private head: OccupantEntry | null = null;
  private tail: OccupantEntry | null = null;

  /** From occupants in time order (a list out of order is put in order); the records are shared, as a copy's. */
  constructor(list: Iterable<Occupant> = []) {
    for (const o of list) this.insert(o);
  }

  get size(): number {
    return this.byNo.size;
  }

  first(): Occupant | undefined {
    return this.head?.occupant;
  }

  since(no: number): number | undefined {
    return this.byNo.get(no)?.occupant[1];
  }

  *[Symbol.iterator](): Iterator<Occupant> {
    for (let e = this.head; e !== null; e = e.next) yield e.occupant;
  }

  toJSON(): Array<[no: number, since: number]> {
    const out: Array<[number, number]> = [];
    for (let e = this.head; e !== null; e = e.next) out.push([e.occupant[0], e.occupant[1]]);
    return out;
  }

  /** Puts attendee `no` inside since `since`, after everyone who entered at that time or before. */
  add(no: number, since: number): OccupantEntry {
    return this.insert([no, since]);
  }

  private insert(occupant: Occupant): OccupantEntry {
    if (this.byNo.has(occupant[0])) throw new Error(`attendee ${occupant[0]} is inside already`);
    let prev = this.tail;
    while (prev !== null && prev.occupant[1] > occupant[1]) prev = prev.prev;
    const e: OccupantEntry = { occupant, prev, next: prev === null ? this.head : prev.next };
    this.link(e);
    return e;
  }

  /** Takes attendee `no` out; their entry (to `restore`), or undefined when they were not inside. */
  remove(no: number): OccupantEntry | undefined {
    const e = this.byNo.get(no);
    if (e === undefined) return undefined;
    if (e.prev === null) this.head = e.next;
    else e.prev.next = e.next;
    if (e.next === null) this.tail = e.prev;
    else e.next.prev = e.prev;
    this.byNo.delete(no);
    // The entry keeps its neighbours: putting it back goes between them again.
    return e;
  }

  /** Puts back an entry taken out (`remove`), when its neighbours then are its neighbours now: undone last first. */
  restore(e: OccupantEntry): void {
    this.link(e);
  }

  private link(e: OccupantEntry): void {
    if (e.prev === null) this.head = e;
    else e.prev.next = e;
    if (e.next === null) this.tail = e;
    else e.next.prev = e;
    this.byNo.set(e.occupant[0], e);
  }
}
