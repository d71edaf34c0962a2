/**
 * Progress of a fleet run on stderr. On a terminal one line is redrawn in place a few times a second; when
 * stderr is a file or a pipe (CI logs), a plain line is written every few seconds instead, never a `\r`.
 */
import type { DeviceCounters } from '../device/device-counters.js';

export interface FleetSnapshot {
  /** Wall-clock seconds since the run began. */
  elapsedS: number;
  phase: 'connecting' | 'running' | 'draining' | 'stopping';
  devices: number;
  /** Devices connected right now. */
  online: number;
  totals: Readonly<DeviceCounters>;
  /** Batches the whole fleet will generate; Infinity when the scenarios are endless. */
  expectedBatches: number;
}

export interface FleetProgressSettings {
  /** Redraw period on a terminal, milliseconds. Default 250 ms. */
  ttyIntervalMs: number;
  /** Line period when not a terminal, milliseconds. Default 5000 ms. */
  plainIntervalMs: number;
  /** Width of the bar, characters. Default 24. */
  barWidth: number;
}

export const DEFAULT_FLEET_PROGRESS_SETTINGS: Readonly<FleetProgressSettings> = Object.freeze({
  ttyIntervalMs: 250,
  plainIntervalMs: 5000,
  barWidth: 24,
});

/** The minimum of a stream the reporter writes to (process.stderr, or a collecting stream in tests). */
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** One line: bar (when the total is known), counts, connections. */
export function formatProgressLine(s: FleetSnapshot, barWidth: number): string {
  const t = s.totals;
  const parts: string[] = [];
  if (Number.isFinite(s.expectedBatches) && s.expectedBatches > 0) {
    const f = Math.min(1, t.acknowledged / s.expectedBatches);
    const filled = Math.round(f * barWidth);
    parts.push(`[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${(f * 100).toFixed(0).padStart(3)}%`);
  }
  parts.push(`${s.elapsedS.toFixed(0)}s ${s.phase}`);
  parts.push(`${s.online}/${s.devices} online`);
  parts.push(`gen ${t.generated} ack ${t.acknowledged} buf ${t.buffered} drop ${t.dropped}`);
  parts.push(`reconn ${t.reconnects} haptic ${t.hapticReceived}`);
  return parts.join(' | ');
}

export class FleetProgress {
  readonly settings: Readonly<FleetProgressSettings>;
  readonly #out: ProgressOutput;
  #lastWriteMs = -Infinity;
  #drawn = false;

  constructor(out: ProgressOutput, settings: Partial<FleetProgressSettings> = {}) {
    this.#out = out;
    this.settings = Object.freeze({ ...DEFAULT_FLEET_PROGRESS_SETTINGS, ...settings });
  }

  get isTTY(): boolean {
    return this.#out.isTTY === true;
  }

  /** Offers a snapshot; written if the period for this kind of output has passed. */
  update(s: FleetSnapshot, nowMs = Date.now()): void {
    const period = this.isTTY ? this.settings.ttyIntervalMs : this.settings.plainIntervalMs;
    if (nowMs - this.#lastWriteMs < period) return;
    this.#lastWriteMs = nowMs;
    this.#write(s);
  }

  /** A message that must not be mixed into the redrawn line (a drop, a connection error). */
  notice(line: string): void {
    if (this.isTTY && this.#drawn) this.#out.write('\r\x1b[K');
    this.#out.write(`${line}\n`);
    this.#drawn = false;
  }

  /** Writes the final state and leaves the cursor on a fresh line. */
  finish(s: FleetSnapshot): void {
    this.#write(s);
    if (this.isTTY) this.#out.write('\n');
    this.#drawn = false;
  }

  #write(s: FleetSnapshot): void {
    const line = formatProgressLine(s, this.settings.barWidth);
    if (this.isTTY) {
      const cols = this.#out.columns ?? 120;
      this.#out.write(`\r${line.slice(0, Math.max(20, cols - 1))}\x1b[K`);
      this.#drawn = true;
    } else {
      this.#out.write(`${line}\n`);
    }
  }
}
