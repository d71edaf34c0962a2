/**
 * Data that arrives after its gap was given up. The device's pipeline has moved past the gap (it analysed the
 * data after it), and a streaming pipeline cannot go back in time, so such a batch used to be kept raw and
 * not analysed. When it lies inside a span the analysis gave up as a gap (the seconds there have no points),
 * it is analysed apart instead: a second pipeline with the device's settings and the calibration in force when
 * the gap was given up (automatic calibration carries on from it, as in the device's pipeline), warmed on the
 * raw data just before the batch (the journal keeps `RAW_RETENTION_H` of it, as after a restart), fed the late
 * batch and those that follow on from it. The points of seconds wholly inside the span are stored (and go
 * into the rollups); the gap record shrinks by those seconds (a `filled` data-gap record).
 *
 * Not done apart: slouch episodes, alerts and buzzes (a slouch during the gap is not detected afterwards), and
 * the seconds at the span's edges that the main pipeline already stored in part. A late batch outside any
 * span (older than the analysed data without a gap given up around it) is counted and logged, not analysed.
 * The spans are few (the last `MAX_GIVEN_UP_SPANS` per device) and go into the device's checkpoint.
 */
import { createPosturePipeline, updatePosturePipeline, type Calibration, type PosturePipeline } from '@stance/analysis';
import { calibrationFromJson, calibrationToJson, type CalibrationJson } from '../store/calibration-json.js';
import { storedPoint, type RawSamples, type StoredPoint } from '../store/store-port.js';
import type { DeviceAnalysis } from './device-analysis.js';
import { batchEndMs, type HeldBatch } from './reorder-buffer.js';

/** Given-up spans remembered per device (older ones are forgotten: their late data is then only counted). */
export const MAX_GIVEN_UP_SPANS = 16;

/** Where a device's analysed data stopped and where it went on around a gap that was given up, sensor time, epoch ms. */
export interface GivenUpSpan {
  startMs: number;
  endMs: number;
  /** The calibration in force for the data before the span (null: none yet). */
  calibration: CalibrationJson | null;
}

/** The pipeline analysing late data of one span, and where the data it was fed ends. In memory only. */
export interface LateFill {
  readonly pipeline: PosturePipeline;
  readonly span: GivenUpSpan;
  nextMs: number;
}

/** What analysing one late batch apart gave. */
export interface LateFillResult {
  points: StoredPoint[];
  /** Sensor time the stored points cover (contiguous seconds, in order), epoch ms; NaN when none. */
  fromMs: number;
  toMs: number;
}

/** Notes a span given up as a gap (the oldest is forgotten beyond `MAX_GIVEN_UP_SPANS`). */
export function recordGivenUp(spans: GivenUpSpan[], startMs: number, endMs: number, calibration: Calibration | null): void {
  spans.push({ startMs, endMs, calibration: calibration === null ? null : calibrationToJson(calibration) });
  if (spans.length > MAX_GIVEN_UP_SPANS) spans.splice(0, spans.length - MAX_GIVEN_UP_SPANS);
}

/** The given-up span holding the whole of batch `b` (half a sample of slack at its edges), or null. */
export function givenUpSpanOf(spans: readonly GivenUpSpan[], b: Pick<HeldBatch, 't0Ms' | 'count' | 'hz'>): GivenUpSpan | null {
  const slackMs = 500 / b.hz;
  const endMs = batchEndMs(b);
  for (const s of spans) if (b.t0Ms >= s.startMs - slackMs && endMs <= s.endMs + slackMs) return s;
  return null;
}

/**
 * Analyses late batch `b`, which lies in `span`, apart from the device's pipeline: continues the device's late
 * pipeline when `b` follows on from what it was fed, else starts one warmed on `rawBefore` (the device's raw
 * data of the `warmUpS` before `b`). Returns the points of the seconds wholly inside the span.
 */
export function fillLate(d: DeviceAnalysis, b: HeldBatch, span: GivenUpSpan, rawBefore: () => RawSamples): LateFillResult {
  const periodMs = 1000 / b.hz;
  let fill = d.lateFill;
  if (fill === null || fill.span !== span || Math.abs(b.t0Ms - fill.nextMs) > periodMs / 2) {
    const calibration = span.calibration === null ? null : calibrationFromJson(span.calibration);
    const pipeline = createPosturePipeline({
      ...d.pipeline.settings,
      calibration,
      calibrationMode: calibration !== null && !d.calibrationGiven ? 'seed' : 'fixed',
    });
    const raw = rawBefore();
    for (let i = 0; i < raw.tMs.length; i++) {
      const a = 3 * i;
      updatePosturePipeline(pipeline, (raw.tMs[i] as number) / 1000, raw.acc[a]!, raw.acc[a + 1]!, raw.acc[a + 2]!, raw.gyr[a]!, raw.gyr[a + 1]!, raw.gyr[a + 2]!);
    }
    fill = { pipeline, span, nextMs: b.t0Ms };
    d.lateFill = fill;
  }
  const p = fill.pipeline;
  const intervalMs = p.settings.pointIntervalS * 1000;
  const out: LateFillResult = { points: [], fromMs: Number.NaN, toMs: Number.NaN };
  const { acc, gyr } = b;
  for (let i = 0; i < b.count; i++) {
    const tMs = b.t0Ms + i * periodMs;
    updatePosturePipeline(p, tMs / 1000, acc[3 * i]!, acc[3 * i + 1]!, acc[3 * i + 2]!, gyr[3 * i]!, gyr[3 * i + 1]!, gyr[3 * i + 2]!);
    if (!p.pointReady || p.point.tMs < span.startMs || p.point.tMs + intervalMs > span.endMs) continue;
    out.points.push(storedPoint(p.point, d.wearerId, d.deviceId));
    if (!(out.fromMs <= p.point.tMs)) out.fromMs = p.point.tMs;
    out.toMs = p.point.tMs + intervalMs;
  }
  fill.nextMs = batchEndMs(b);
  return out;
}
