/** How the live stream (`GET /api/wearers/:id/live`) behaves: keep-alives, slow readers, how many streams. */
export interface LiveSettings {
  /** A comment line this often keeps proxies and the client's silence watchdog content, s. */
  heartbeatS: number;
  /**
   * Bytes one stream may have written but not yet taken by the client (the response's buffer). A reader this far
   * behind is dropped rather than buffered for ever; it reconnects and starts again with a snapshot.
   */
  maxQueuedBytes: number;
  /** Streams one account may hold open at once (tabs, devices); one more is refused with LIVE_STREAM_LIMIT. */
  maxStreamsPerAccount: number;
  /** Streams the service holds open at once, all accounts. */
  maxStreams: number;
  /** A gap between a wearer's points longer than this starts a new state run (`since`), ms. */
  stateGapMs: number;
  /** Without a point in memory (after a restart), how far back the store is asked for the latest one, ms. */
  snapshotLookbackMs: number;
}

export const DEFAULT_LIVE_SETTINGS: Readonly<LiveSettings> = Object.freeze({
  heartbeatS: 15,
  maxQueuedBytes: 256 * 1024,
  maxStreamsPerAccount: 8,
  maxStreams: 2000,
  stateGapMs: 60_000,
  snapshotLookbackMs: 15 * 60_000,
});
