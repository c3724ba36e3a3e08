/** Parts the ids are split into. */
const PARTS = 256;
/** Slots of a part's table at first; it doubles when three quarters are taken. */
const FIRST_SLOTS = 16;

/** The value of a hex digit (any other character still lands in one of the 16 values). */
function hexValue(code: number): number {
  return (code <= 57 ? code - 48 : (code | 32) - 87) & 15;
}

/** The value of a small-letter hex digit, or -1 for any other character. */
function smallHex(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/** The 128 bits of an id written as a UUID in small letters (as kiosks write them), or false for any other id. */
function uuidWords(id: string, out: Uint32Array): boolean {
  if (id.length !== 36) return false;
  let at = 0;
  for (let w = 0; w < 4; w++) {
    let word = 0;
    for (let k = 0; k < 8; k++, at++) {
      if (at === 8 || at === 13 || at === 18 || at === 23) {
        if (id.charCodeAt(at) !== 45) return false;
        at++;
      }
      const v = smallHex(id.charCodeAt(at));
      if (v < 0) return false;
      word = (word << 4) | v;
    }
    out[w] = word >>> 0;
  }
  // All zeros marks an empty slot: that one id is kept as a string.
  return (out[0] | out[1] | out[2] | out[3]) !== 0;
}

/**
 * A part's ids: UUIDs as their 16 bytes in an open-addressed table (a string and a Set entry cost
 * ~140 B an id; a slot costs 16 B, 21–43 B an id with the room kept free), any other id as a string.
 */
class Part {
  private words = new Uint32Array(FIRST_SLOTS * 4);
  private taken = 0;
  private others: Set<string> | null = null;

  get size(): number {
    return this.taken + (this.others?.size ?? 0);
  }

  has(id: string, w: Uint32Array, isUuid: boolean): boolean {
    if (!isUuid) return this.others?.has(id) ?? false;
    return this.occupied(this.slotOf(this.words, w));
  }

  add(id: string, w: Uint32Array, isUuid: boolean): void {
    if (!isUuid) {
      (this.others ??= new Set()).add(id);
      return;
    }
    const slot = this.slotOf(this.words, w);
    if (this.occupied(slot)) return;
    if ((this.taken + 1) * 4 <= (this.words.length / 4) * 3) this.words.set(w, slot * 4);
    else {
      this.grow();
      this.words.set(w, this.slotOf(this.words, w) * 4);
    }
    this.taken++;
  }

  /** Whether a slot holds an id. */
  private occupied(slot: number): boolean {
    const t = this.words;
    const i = slot * 4;
    return (t[i] | t[i + 1] | t[i + 2] | t[i + 3]) !== 0;
  }

  /** The slot holding `w` in `table`, or the empty one where it would go (linear probing from its random bits). */
  private slotOf(table: Uint32Array, w: Uint32Array): number {
    const mask = table.length / 4 - 1;
    // The last 62 bits of a UUID (v4 or v7) are random; the last byte chose the part.
    for (let s = (w[2] ^ (w[3] >>> 8)) & mask; ; s = (s + 1) & mask) {
      const i = s * 4;
      if ((table[i] | table[i + 1] | table[i + 2] | table[i + 3]) === 0) return s;
      if (table[i] === w[0] && table[i + 1] === w[1] && table[i + 2] === w[2] && table[i + 3] === w[3]) return s;
    }
  }

  /** Doubles the table, putting every id again. */
  private grow(): void {
    const old = this.words;
    const table = new Uint32Array(old.length * 2);
    const w = new Uint32Array(4);
    for (let i = 0; i < old.length; i += 4) {
      if ((old[i] | old[i + 1] | old[i + 2] | old[i + 3]) === 0) continue;
      w.set(old.subarray(i, i + 4));
      table.set(w, this.slotOf(table, w) * 4);
    }
    this.words = table;
  }
}

/**
 * The ids of every scan answered, split into 256 parts by the last two hex digits of the id
 * (random in every UUID version). One table rehashes all its entries at once whenever it
 * doubles: at 262,144 ids a single Set held the answering thread for 15–40 ms, every scan
 * waiting behind it; a part rehashes a 256th of them.
 */
export class ScanIds {
  private readonly parts: Part[] = Array.from({ length: PARTS }, () => new Part());
  private readonly words = new Uint32Array(4);

  constructor(ids: Iterable<string> = []) {
    for (const id of ids) this.add(id);
  }

  has(id: string): boolean {
    return this.part(id).has(id, this.words, uuidWords(id, this.words));
  }

  add(id: string): void {
    this.part(id).add(id, this.words, uuidWords(id, this.words));
  }

  private part(id: string): Part {
    const n = id.length;
    return this.parts[hexValue(id.charCodeAt(n - 2)) * 16 + hexValue(id.charCodeAt(n - 1))];
  }
}
