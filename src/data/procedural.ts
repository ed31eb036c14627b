/**
 * Procedural records (issue 16's building block, not yet serving requests): record i is a pure function
 * of the seed, the count, the epoch and i, computed when asked for instead of stored. Timestamps are laid
 * out so both orders are the creation order: record i is created and updated inside its own slot
 * [epoch - (count - i) * slot, + slot), so createdAt and updatedAt both strictly increase with i. Every
 * filter is then a binary search over computed values and every total arithmetic on positions.
 */
import { fakeAddress, fakeCompanyName, fakeJob, fakePerson } from "./fake.js";
import { Prng } from "./prng.js";
import { slotSeconds, type UserRecord } from "./records.js";

/** A 32-bit bijective mixer (xorshift-multiply): distinct inputs give distinct outputs. */
function mix32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** The run's 32-bit keys from its seed (both halves of a safe integer count). */
function seedKeys(seed: number): readonly [number, number, number, number] {
  const low = seed >>> 0;
  const high = Math.floor(seed / 2 ** 32) >>> 0;
  return [mix32(low ^ 0x9e3779b9), mix32(high ^ 0x85ebca6b), mix32(low ^ 0xc2b2ae35), mix32(high ^ 0x27d4eb2f)];
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const hex32 = (value: number): string => HEX[value >>> 24]! + HEX[(value >>> 16) & 0xff]! + HEX[(value >>> 8) & 0xff]! + HEX[value & 0xff]!;

/** A layout: how many records, where the slots end, how wide they are, and the run's keys. */
export class ProceduralLayout {
  readonly slot: number;
  private readonly keys: readonly [number, number, number, number];

  /** @param count records (up to 2^32 - 1, so a position fits the bijective mixer); @param nowSeconds the epoch, in seconds */
  constructor(readonly seed: number, readonly count: number, readonly nowSeconds: number) {
    if (!Number.isSafeInteger(count) || count < 0 || count > 0xffffffff) throw new RangeError(`count must be an integer from 0 to 4294967295, got ${count}`);
    this.slot = slotSeconds(count);
    this.keys = seedKeys(seed);
  }

  /** Record i's first second of its slot. */
  private slotStart(i: number): number {
    return this.nowSeconds - (this.count - i) * this.slot;
  }

  /** Record i's createdAt: an offset into its slot, leaving room for the update within it. */
  createdAt(i: number): number {
    return this.slotStart(i) + (mix32(i ^ this.keys[0]) % this.slot);
  }

  /** Record i's updatedAt: at or after createdAt, still inside the slot (so never at another record's second, never now or later). */
  updatedAt(i: number): number {
    const created = this.createdAt(i);
    const room = this.slotStart(i) + this.slot - created;
    return created + (mix32(i ^ this.keys[1]) % room);
  }

  /**
   * Record i's id: a version-4 UUID whose first 32 bits are a bijection of i under this seed, so ids never
   * repeat within a run, whatever the count.
   */
  id(i: number): string {
    const a = mix32(i ^ this.keys[2]) ^ this.keys[3];
    const b = mix32(a ^ this.keys[0]);
    const c = mix32(b ^ this.keys[1]);
    const d = mix32(c ^ this.keys[2]);
    const text = hex32(a) + hex32((b & 0xffff0fff) | 0x00004000) + hex32(((c & 0x3fffffff) | 0x80000000) >>> 0) + hex32(d);
    return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20, 32)}`;
  }

  /** Record i whole: the fixed fields from a stream seeded by its id, the timestamps from the layout. */
  record(i: number): UserRecord {
    const id = this.id(i);
    const rng = new Prng(mix32(i ^ this.keys[3]) * 0x200000 + (this.keys[0] & 0x1fffff));
    const person = fakePerson(rng);
    return {
      id, name: person.name, email: person.email, address: fakeAddress(rng), company: fakeCompanyName(rng), job: fakeJob(rng),
      createdAt: this.createdAt(i), updatedAt: this.updatedAt(i),
    };
  }

  /**
   * The first position whose updatedAt is at or after `since` (strictly after with `strict`), or `count`
   * when none: a binary search over computed timestamps (both orders are creation order).
   */
  firstUpdatedFrom(since: number, strict = false): number {
    let low = 0;
    let high = this.count;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      const value = this.updatedAt(middle);
      if (strict ? value > since : value >= since) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}
