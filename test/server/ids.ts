import { createHash } from 'node:crypto';

/** Hex SHA-1 of a string; the source of every deterministic id of the seeded library. */
export function sha1Hex(input: string): string {
  return createHash('sha1').update(input).digest('hex');
}

/** A UUID-shaped string derived from `seed` (version 5 layout), so ids survive restarts. */
export function deterministicUuid(seed: string): string {
  const h = sha1Hex(seed);
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Scene index ids look like the real ones: 16 lowercase hex characters. */
export function sceneIndexIdFor(seed: string): string {
  return sha1Hex(`scene-index:${seed}`).slice(0, 16);
}

/** Small stable hash in [0, 1) used for deterministic jitter (gaps, sizes, colours). */
export function unitHash(seed: string): number {
  return parseInt(sha1Hex(seed).slice(0, 8), 16) / 0x1_0000_0000;
}
