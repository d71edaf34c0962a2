/**
 * Sanity limits of the wire protocol (contracts section 2). A batch outside them is refused whole.
 * They are protocol constants, not settings: sensor and service must agree on them.
 */

/** Fewest samples in one batch. */
export const MIN_SAMPLES_PER_BATCH = 1;
/** Most samples in one batch (20 s at 50 Hz). */
export const MAX_SAMPLES_PER_BATCH = 1000;

/** Largest accepted accelerometer magnitude per axis, g (the usual ±16 g full range of MEMS parts). */
export const MAX_ABS_ACC_G = 16;
/** Largest accepted gyroscope magnitude per axis, degrees per second (±4000 °/s full range). */
export const MAX_ABS_GYR_DPS = 4000;

/** Highest accepted sample rate, hertz. The lowest is anything above 0. */
export const MAX_RATE_HZ = 1000;

/** Largest batch counter: seq is a uint32 and wraps to 0 after this. */
export const MAX_SEQ = 0xffff_ffff;

/** Earliest plausible `t0`, epoch ms: 2000-01-01T00:00:00Z. Anything earlier is an unset sensor clock. */
export const MIN_T0_MS = 946_684_800_000;
/** Latest plausible `t0`, epoch ms (exclusive): 2200-01-01T00:00:00Z. */
export const MAX_T0_MS = 7_258_118_400_000;

/**
 * Largest payload any decoder here will look at, bytes (UTF-8 for text). A full 1000-sample JSON batch
 * with 17 significant digits per value is about 130 KiB, so this leaves twice that as headroom.
 */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

/** Largest status, event or cmd payload, bytes. These are a few dozen bytes; config commands stay small. */
export const MAX_MESSAGE_BYTES = 16 * 1024;
