/**
 * Which batches of a device's current boot are still missing, from the seqs the analysis has seen. A sensor
 * numbers its batches +1 per batch since it booted, so a seq skipped within a boot is data the sensor sent
 * and the service has not received yet: typically its offline buffer, resent after a reconnect (oldest first,
 * or after newer live data). The reorder window (reorder-buffer.ts) waits for such a gap instead of analysing
 * past it, within the bounds of `AnalysisSettings` (gap-hold.ts).
 *
 * Pure, caller-owned state, plain data (it goes into the device checkpoint as JSON). Seqs below the first one
 * seen in a boot are not counted missing: a service meeting a sensor mid-stream, or a rebooted sensor's
 * earlier batches, cannot be told from data that never existed.
 */

/** At most this many missing ranges are remembered; the oldest are given up beyond it (a pathological stream). */
export const MAX_MISSING_RANGES = 256;

export interface SeqGaps {
  /** The service's boot epoch of the sensor (journal `boot`); -1 before the first batch. */
  boot: number;
  /** Highest seq seen in that boot. */
  highestSeq: number;
  /** Missing seqs as inclusive ranges, ascending and disjoint: [from0, to0, from1, to1, ...]. */
  missing: number[];
  /** Seqs given up without arriving (a reboot, a range dropped), not yet reported as a data gap. */
  abandoned: number;
  /** Wall clock of the last progress (a gap seen, a missing seq filled, the device back online), epoch ms. */
  clockWallMs: number;
}

export function createSeqGaps(): SeqGaps {
  return { boot: -1, highestSeq: 0, missing: [], abandoned: 0, clockWallMs: 0 };
}

/** Records a batch as it enters the reorder window. */
export function noteSeq(g: SeqGaps, boot: number, seq: number, wallMs: number): void {
  if (boot !== g.boot) {
    if (boot < g.boot) return; // a leftover of an earlier boot: its own gaps are long given up
    g.abandoned += missingCount(g);
    g.missing.length = 0;
    g.boot = boot;
    g.highestSeq = seq;
    return;
  }
  if (seq > g.highestSeq + 1) {
    g.missing.push(g.highestSeq + 1, seq - 1);
    if (g.missing.length > 2 * MAX_MISSING_RANGES) {
      g.abandoned += (g.missing[1] as number) - (g.missing[0] as number) + 1;
      g.missing.splice(0, 2);
    }
    g.clockWallMs = wallMs;
  }
  if (seq > g.highestSeq) {
    g.highestSeq = seq;
    return;
  }
  if (removeSeq(g, seq)) g.clockWallMs = wallMs;
}

/** True when a seq of `boot` below `seq` is still missing (its data lies before that batch). */
export function missingBelow(g: SeqGaps, boot: number, seq: number): boolean {
  return boot === g.boot && g.missing.length > 0 && (g.missing[0] as number) < seq;
}

/**
 * The analysis moved past `seq` of `boot`: seqs missing below it can no longer be analysed (they would be
 * late). Returns how many were given up, plus those abandoned earlier (each reported once).
 */
export function giveUpBelow(g: SeqGaps, boot: number, seq: number): number {
  let given = g.abandoned;
  g.abandoned = 0;
  if (boot !== g.boot) return given;
  const m = g.missing;
  let drop = 0;
  while (drop < m.length && (m[drop] as number) < seq) {
    const from = m[drop] as number;
    const to = m[drop + 1] as number;
    if (to < seq) {
      given += to - from + 1;
      drop += 2;
    } else {
      given += seq - from;
      m[drop] = seq;
      break;
    }
  }
  if (drop > 0) m.splice(0, drop);
  return given;
}

export function missingCount(g: SeqGaps): number {
  let n = 0;
  for (let i = 0; i < g.missing.length; i += 2) n += (g.missing[i + 1] as number) - (g.missing[i] as number) + 1;
  return n;
}

function removeSeq(g: SeqGaps, seq: number): boolean {
  const m = g.missing;
  for (let i = 0; i < m.length; i += 2) {
    const from = m[i] as number;
    const to = m[i + 1] as number;
    if (seq < from) return false;
    if (seq > to) continue;
    if (from === to) m.splice(i, 2);
    else if (seq === from) m[i] = seq + 1;
    else if (seq === to) m[i + 1] = seq - 1;
    else m.splice(i, 2, from, seq - 1, seq + 1, to);
    return true;
  }
  return false;
}
