// Deterministic randomness. The emulator never calls Math.random for data: every value is a pure function of
// (seed, project, index, purpose), so any image can be regenerated on demand without storing it.

/** FNV-1a over the UTF-16 units of a string, then a murmur3 finaliser: a well-mixed 32-bit hash. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** murmur3 fmix32: spreads every input bit over the output. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combines a base hash with integers: cheap (no string building) for the hot per-(image, rule) path. */
export function hashInts(base: number, ...values: number[]): number {
  let h = base >>> 0;
  for (const v of values) h = mix32((h ^ Math.imul(v + 0x9e3779b9, 0x27d4eb2d)) + 0x165667b1);
  return h;
}

/** A hash mapped to [0, 1). */
export function unit(hash: number): number {
  return (hash >>> 0) / 4294967296;
}

/** mulberry32: a tiny seeded PRNG for sequences (fault draws, pools). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks an element by hash. */
export function pick<T>(items: readonly T[], hash: number): T {
  const item = items[(hash >>> 0) % items.length];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}
