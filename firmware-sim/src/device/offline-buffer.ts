/**
 * The device's store of unacknowledged batches. A batch enters when generated and leaves only when the broker
 * acknowledged it (PUBACK), so a connection that dies with batches in flight loses nothing: MQTT.js re-sends
 * its in-flight publishes after reconnecting and the acknowledgement still lands here.
 *
 * Order is generation order (= seq order): the oldest waiting batch is always sent first, so after an outage
 * the backlog goes out before newer data. Bounded: at most `capacityBatches` wait, plus the few (the
 * device's in-flight window) handed to the connection. When the waiting batches fill the capacity, the oldest
 * waiting batch is dropped (and reported by `push`); batches in flight are never dropped, since the
 * connection may still deliver them.
 */

/** One encoded batch waiting for its PUBACK. */
export interface BufferedBatch {
  readonly seq: number;
  readonly t0Ms: number;
  readonly payload: Buffer | string;
  /** Handed to the connection and not yet acknowledged or failed. */
  inflight: boolean;
  /** Times handed to the connection (re-sends after a failed publish count again). */
  handOffs: number;
}

export class OfflineBuffer {
  /** Insertion order is seq order; deleting from the middle (an out-of-order PUBACK) is O(1). */
  readonly #entries = new Map<number, BufferedBatch>();
  #inflight = 0;

  constructor(readonly capacityBatches: number) {}

  /** Unacknowledged batches held, in flight included. */
  get size(): number {
    return this.#entries.size;
  }
  /** Batches handed to the connection and awaiting their PUBACK. */
  get inflight(): number {
    return this.#inflight;
  }
  /** Batches waiting to be handed to the connection. */
  get waiting(): number {
    return this.#entries.size - this.#inflight;
  }

  /** Adds a fresh batch; returns the batch dropped to make room, if any. */
  push(seq: number, t0Ms: number, payload: Buffer | string): BufferedBatch | undefined {
    let dropped: BufferedBatch | undefined;
    if (this.waiting >= this.capacityBatches) {
      dropped = this.#oldestWaiting();
      if (dropped) this.#entries.delete(dropped.seq);
    }
    this.#entries.set(seq, { seq, t0Ms, payload, inflight: false, handOffs: 0 });
    return dropped;
  }

  /** The oldest waiting batch, now marked in flight; undefined when nothing waits. */
  takeNext(): BufferedBatch | undefined {
    const e = this.#oldestWaiting();
    if (!e) return undefined;
    e.inflight = true;
    e.handOffs++;
    this.#inflight++;
    return e;
  }

  /** The broker acknowledged `seq`: it leaves the buffer. False if it was not held (already acknowledged). */
  acknowledge(seq: number): boolean {
    const e = this.#entries.get(seq);
    if (!e) return false;
    if (e.inflight) this.#inflight--;
    this.#entries.delete(seq);
    return true;
  }

  /** The publish of `seq` failed without an acknowledgement: it waits again, in its original place. */
  requeue(seq: number): void {
    const e = this.#entries.get(seq);
    if (!e || !e.inflight) return;
    e.inflight = false;
    this.#inflight--;
  }

  /** Seqs held, oldest first (tests, diagnostics). */
  seqs(): number[] {
    return [...this.#entries.keys()];
  }

  #oldestWaiting(): BufferedBatch | undefined {
    // In-flight batches sit mostly at the head and number at most the in-flight window, so this scan is short.
    for (const e of this.#entries.values()) if (!e.inflight) return e;
    return undefined;
  }
}
