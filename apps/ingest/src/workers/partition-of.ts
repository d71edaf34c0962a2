/**
 * Which partition a device belongs to: FNV-1a (32 bits) of its id's UTF-8 bytes, modulo the partition count.
 * Stable across processes, releases and machines (no seed, no platform dependence), so every worker and every
 * restart agrees on who owns a device. Device ids are short; the result is cached per id.
 */

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const utf8 = new TextEncoder();

/** FNV-1a, 32 bits, of `text` as UTF-8. */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (const byte of utf8.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash >>> 0;
}

export type PartitionOf = (deviceId: string) => number;

/** `deviceId → fnv1a32(deviceId) mod partitions`, memoised. */
export function partitioner(partitions: number): PartitionOf {
  if (!Number.isInteger(partitions) || partitions < 1) throw new RangeError(`partitions must be a whole number ≥ 1, not ${partitions}`);
  const known = new Map<string, number>();
  return (deviceId) => {
    let k = known.get(deviceId);
    if (k === undefined) {
      k = fnv1a32(deviceId) % partitions;
      known.set(deviceId, k);
    }
    return k;
  };
}
