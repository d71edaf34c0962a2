/**
 * Turns a BatchPacer into timers. Live pacing: one timer per device, re-armed at the next absolute due time
 * (Node keeps timers in a heap, so thousands of devices cost little). Fast pacing: no timer; production is
 * re-tried on every acknowledgement and connect (`kick`), through setImmediate so that a fleet of fast
 * devices takes turns on the one event loop instead of one device hogging it.
 */
import { createBatchPacer, pacerDueMs, pacerProduced, type BatchPacer } from './batch-pacer.js';

/** Live batches produced in one timer callback at most, so a device that fell behind still shares the loop. */
const MAX_BATCHES_PER_TICK = 20;

export interface BatchSchedulerHooks {
  /** Produces one batch (may end production through `stop`). */
  produce(): void;
  /** Fast pacing: may one more batch be produced now (connected, in-flight window not full)? */
  mayProduceFast(): boolean;
}

export class BatchScheduler {
  readonly pacer: BatchPacer;
  readonly #hooks: BatchSchedulerHooks;
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #immediatePending = false;

  constructor(speed: number, catchUp: boolean, batchS: number, hooks: BatchSchedulerHooks) {
    this.pacer = createBatchPacer(speed, catchUp, batchS, Date.now());
    this.#hooks = hooks;
  }

  start(): void {
    this.#running = true;
    this.pacer.anchorWallMs = Date.now();
    this.#arm();
  }

  stop(): void {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Something changed (an acknowledgement, a connect): fast pacing may produce again. */
  kick(): void {
    if (!this.#running || this.pacer.mode !== 'fast' || this.#immediatePending) return;
    this.#immediatePending = true;
    setImmediate(() => {
      this.#immediatePending = false;
      while (this.#running && this.pacer.mode === 'fast' && this.#hooks.mayProduceFast()) this.#hooks.produce();
      if (this.pacer.mode === 'live') this.#arm();
    });
  }

  /** Records a produced batch whose data ends at `dataEndMs` (sensor clock). */
  produced(dataEndMs: number): void {
    pacerProduced(this.pacer, dataEndMs, Date.now());
  }

  #arm(): void {
    if (!this.#running) return;
    if (this.pacer.mode === 'fast') {
      this.kick();
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#tick(), Math.max(0, pacerDueMs(this.pacer) - Date.now()));
  }

  #tick(): void {
    this.#timer = undefined;
    for (let i = 0; i < MAX_BATCHES_PER_TICK && this.#running && pacerDueMs(this.pacer) <= Date.now(); i++) {
      this.#hooks.produce();
    }
    this.#arm();
  }
}
