// The histogram of the changes per customer: equal-width buckets over [min, max] in minor
// units (bucket counting only, exact: BigInt bounds).

export interface Bucket {
  from: bigint; // inclusive
  to: bigint; // inclusive
  count: number;
}

/// At most `wanted` buckets of equal integer width covering every change; one bucket when all
/// changes are equal, none without changes.
export function histogram(changes: bigint[], wanted = 20): Bucket[] {
  if (!changes.length) return [];
  let min = changes[0];
  let max = changes[0];
  for (const value of changes) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const span = max - min + 1n;
  const width = (span + BigInt(wanted) - 1n) / BigInt(wanted);
  const count = Number((span + width - 1n) / width);
  const buckets: Bucket[] = Array.from({ length: count }, (_, i) => ({
    from: min + BigInt(i) * width, to: min + BigInt(i + 1) * width - 1n, count: 0,
  }));
  buckets[count - 1].to = max;
  for (const value of changes) buckets[Number((value - min) / width)].count += 1;
  return buckets;
}
