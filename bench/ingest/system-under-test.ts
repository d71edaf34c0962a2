/** What the step runner needs from a system it loads: the ingest service, or the bare broker (the ceiling). */
import type { LatencyHistogram } from './latency-histogram.js';
import type { FleetTarget } from './load-generator.js';

export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

/** Batches whose end (sensor time) lies in a window and that reached the end of the system's path. */
export interface WindowResult {
  stored: number;
  /** Reached − batch end, ms. */
  latency: LatencyHistogram;
}

export interface SystemUnderTest {
  /** Short name for the table: `ingest` or `bare broker`. */
  readonly label: string;
  /** What "stored" means for it (the README explains each). */
  readonly storedMeaning: string;
  /** The process measured for CPU and memory. */
  readonly pid: number;
  readonly target: FleetTarget;
  /** Called before a window opens (its batches have not been sent yet). */
  windowOpening(window: TimeWindow): Promise<void>;
  /** What reached the end of the path so far, per window. */
  results(windows: readonly TimeWindow[]): Promise<WindowResult[]>;
  /** After the load stopped and every PUBACK came: waits until everything accepted has been processed. */
  settle(timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
}
