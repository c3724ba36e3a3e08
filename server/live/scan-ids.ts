/** Sets the ids are split into. */
const PARTS = 256;

/** The value of a hex digit (any other character still lands in one of the 16 values). */
function hexValue(code: number): number {
  return (code <= 57 ? code - 48 : (code | 32) - 87) & 15;
}

/**
 * The ids of every scan answered, split into 256 sets by the last two hex digits of the id
 * (random in every UUID version). A single Set rehashes all its entries at once whenever it
 * doubles: at 262,144 ids that held the answering thread for 15–40 ms, every scan waiting behind
 * it; a part rehashes a 256th of them.
 */
export class ScanIds {
  private readonly parts: Set<string>[] = Array.from({ length: PARTS }, () => new Set());

  constructor(ids: Iterable<string> = []) {
    for (const id of ids) this.add(id);
  }

  has(id: string): boolean {
    return this.part(id).has(id);
  }

  add(id: string): void {
    this.part(id).add(id);
  }

  private part(id: string): Set<string> {
    const n = id.length;
    return this.parts[hexValue(id.charCodeAt(n - 2)) * 16 + hexValue(id.charCodeAt(n - 1))];
  }
}
