/**
 * Per-device rate limit as a token bucket with reservations: a message takes one token; when none is left
 * it reserves the next one and waits for it. The broker holds that message's acknowledgement (and, because
 * Aedes reads a client's next packets only when the current ones are handled, that client's socket) for the
 * wait: a flooding sensor slows itself down, and nobody else waits.
 */

export interface TokenBucketSettings {
  /** Refill rate, tokens (messages) per second. */
  ratePerS: number;
  /** Bucket size, tokens: how many messages may come at once after a quiet spell. */
  burst: number;
}

/** Caller-owned state of one bucket. */
export interface TokenBucket {
  /** Tokens now; negative when messages have reserved future tokens. */
  tokens: number;
  /** When `tokens` was last brought up to date, ms (any monotonic clock). */
  updatedMs: number;
}

/** A full bucket. */
export function createTokenBucket(settings: TokenBucketSettings, nowMs: number): TokenBucket {
  return { tokens: settings.burst, updatedMs: nowMs };
}

/** Takes one token; returns how long the message must wait for it, ms (0: go now). */
export function takeToken(bucket: TokenBucket, settings: TokenBucketSettings, nowMs: number): number {
  const elapsedMs = Math.max(0, nowMs - bucket.updatedMs);
  bucket.tokens = Math.min(settings.burst, bucket.tokens + (elapsedMs * settings.ratePerS) / 1000);
  bucket.updatedMs = nowMs;
  bucket.tokens -= 1;
  return bucket.tokens >= 0 ? 0 : (-bucket.tokens * 1000) / settings.ratePerS;
}
