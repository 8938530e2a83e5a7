/**
 * Seed 002 §14.7: a trail evaporates linearly from its strength at `depositedAt` to 0 at `expiresAt`.
 * Times are taken in milliseconds so hot paths (the field cache) can parse the ISO strings once.
 */
export function evaporate(strength: number, depositedMs: number, expiresMs: number, nowMs: number): number {
  const ttl = expiresMs - depositedMs;
  if (ttl <= 0 || nowMs >= expiresMs) return 0;
  // A deposit stamped slightly in the future (clock skew between emitters) counts as fresh, not stronger.
  const elapsed = Math.max(0, nowMs - depositedMs);
  return Math.min(1, Math.max(0, strength * (1 - elapsed / ttl)));
}

export function currentStrength(
  trail: { strength: number; depositedAt: string; expiresAt: string },
  now: Date,
): number {
  return evaporate(trail.strength, Date.parse(trail.depositedAt), Date.parse(trail.expiresAt), now.getTime());
}

export function isExpired(trail: { expiresAt: string }, now: Date): boolean {
  return Date.parse(trail.expiresAt) <= now.getTime();
}
