/**
 * The wearer's live posture as runes: `GET /api/wearers/:id/live` (text/event-stream) read with fetch so the
 * bearer header can go along (EventSource cannot send one). The first event is a `snapshot`; then `point`,
 * `state`, `alert` and `status` events, and a comment every 15 s that keeps the stream open.
 *
 * A dropped stream reconnects with exponential backoff (reset once a snapshot arrives); a stream silent for
 * longer than `silenceTimeoutMs` (three missed keep-alives) is taken as dead and reconnected. 401 ends the
 * session (the sign-in screen says it expired); 403/404 stop for good (retrying cannot help).
 *
 *   const live = new LiveFeed(wearerId);
 *   $effect(() => { live.start(); return () => live.stop(); });
 */
import { ApiError } from './api/client.js';
import type { LiveAlert, LiveDeviceStatus, LiveSnapshot, LiveState, LiveStatus, PosturePoint } from './api/types.js';
import { session } from './session.svelte.js';
import { SseParser, type SseEvent } from './sse.js';

export interface LiveFeedSettings {
  /** First wait before reconnecting, ms; doubles per failure. */
  initialBackoffMs: number;
  /** Longest wait between reconnects, ms. */
  maxBackoffMs: number;
  /** No byte for this long (the server sends a comment every 15 s) and the stream is reopened, ms. */
  silenceTimeoutMs: number;
}

export const DEFAULT_LIVE_FEED_SETTINGS: Readonly<LiveFeedSettings> = Object.freeze({
  initialBackoffMs: 1000,
  maxBackoffMs: 30_000,
  silenceTimeoutMs: 45_000,
});

/** `connecting` before the first snapshot; `retrying` while waiting to reconnect; `stopped` for good. */
export type LiveConnection = 'idle' | 'connecting' | 'open' | 'retrying' | 'stopped';

export class LiveFeed {
  connection = $state<LiveConnection>('idle');
  /** The latest point (null before any, or when the snapshot had none). */
  point = $state.raw<PosturePoint | null>(null);
  state = $state.raw<LiveState | null>(null);
  devices = $state.raw<LiveDeviceStatus[]>([]);
  lastAlert = $state.raw<LiveAlert | null>(null);
  /** True once a snapshot arrived on any connection: the other fields mean something. */
  ready = $state(false);
  /** Why the feed stopped or is retrying. */
  error = $state.raw<ApiError | null>(null);
  /** When the next reconnect happens, epoch ms (while `retrying`). */
  retryAtMs = $state(0);
  /** Called for each `alert` event (the home refreshes its counts). */
  onAlert: ((alert: LiveAlert) => void) | null = null;

  readonly #url: string;
  readonly #settings: LiveFeedSettings;
  #abort: AbortController | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #watchdog: ReturnType<typeof setInterval> | null = null;
  #failures = 0;
  #lastByteMs = 0;
  #running = false;

  constructor(wearerId: string, settings: Partial<LiveFeedSettings> = {}) {
    this.#url = `/api/wearers/${encodeURIComponent(wearerId)}/live`;
    this.#settings = { ...DEFAULT_LIVE_FEED_SETTINGS, ...settings };
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#watchdog = setInterval(() => this.#checkSilence(), 5000);
    void this.#connect();
  }

  stop(): void {
    this.#running = false;
    this.#abort?.abort();
    this.#abort = null;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    if (this.#watchdog) clearInterval(this.#watchdog);
    this.#retryTimer = null;
    this.#watchdog = null;
    this.connection = 'stopped';
  }

  /** Reconnects now (the "Reconnect" button while retrying). */
  reconnectNow(): void {
    if (!this.#running) return;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#abort?.abort();
    void this.#connect();
  }

  async #connect(): Promise<void> {
    const abort = new AbortController();
    this.#abort = abort;
    this.connection = this.ready ? 'retrying' : 'connecting';
    this.#lastByteMs = Date.now();
    let response: Response;
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (session.token) headers.authorization = `Bearer ${session.token}`;
      response = await fetch(this.#url, { headers, signal: abort.signal, cache: 'no-store' });
    } catch {
      // Aborted by stop(), a reconnect or the silence check: whoever aborted decides what happens next.
      if (abort !== this.#abort || !this.#running) return;
      this.#scheduleRetry(new ApiError(0, 'NETWORK', 'The live connection could not be opened.'));
      return;
    }
    if (abort !== this.#abort || !this.#running) {
      abort.abort();
      return;
    }
    if (!response.ok) {
      const error = await errorOf(response);
      if (response.status === 401) {
        this.stop();
        this.error = error;
        if (session.token) session.expired();
        return;
      }
      if (response.status === 403 || response.status === 404) {
        this.stop();
        this.error = error;
        return;
      }
      this.#scheduleRetry(error);
      return;
    }
    await this.#read(response, abort);
  }

  async #read(response: Response, abort: AbortController): Promise<void> {
    const reader = response.body?.getReader();
    if (!reader) {
      this.#scheduleRetry(new ApiError(0, 'NETWORK', 'This browser cannot read the live stream.'));
      return;
    }
    const decoder = new TextDecoder();
    const parser = new SseParser();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        this.#lastByteMs = Date.now();
        for (const event of parser.push(decoder.decode(value, { stream: true }))) this.#apply(event);
      }
    } catch {
      /* aborted or the connection dropped: reconnect below */
    }
    if (!this.#running || abort !== this.#abort) return;
    this.#scheduleRetry(new ApiError(0, 'NETWORK', 'The live connection was interrupted.'));
  }

  #apply(event: SseEvent): void {
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      return; // not ours to understand
    }
    switch (event.event) {
      case 'snapshot': {
        const s = data as LiveSnapshot;
        this.point = s.point ?? null;
        this.state = normaliseState(s.state);
        this.devices = s.devices ?? [];
        this.ready = true;
        this.connection = 'open';
        this.error = null;
        this.#failures = 0;
        break;
      }
      case 'point':
        this.point = data as PosturePoint;
        break;
      case 'state':
        this.state = normaliseState(data);
        break;
      case 'alert':
        this.lastAlert = data as LiveAlert;
        this.onAlert?.(data as LiveAlert);
        break;
      case 'status': {
        const s = data as LiveStatus;
        const known = this.devices.some((d) => d.id === s.deviceId);
        const nowMs = Date.now();
        this.devices = known
          ? this.devices.map((d) => (d.id === s.deviceId ? { ...d, online: s.online, battery: s.battery ?? d.battery, lastSeenMs: s.online ? nowMs : d.lastSeenMs } : d))
          : [...this.devices, { id: s.deviceId, online: s.online, battery: s.battery ?? null, lastSeenMs: s.online ? nowMs : null }];
        break;
      }
    }
  }

  #scheduleRetry(error: ApiError): void {
    if (!this.#running) return;
    this.error = error;
    this.connection = 'retrying';
    const { initialBackoffMs, maxBackoffMs } = this.#settings;
    const waitMs = Math.min(maxBackoffMs, initialBackoffMs * 2 ** this.#failures);
    this.#failures++;
    this.retryAtMs = Date.now() + waitMs;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.#connect();
    }, waitMs);
  }

  #checkSilence(): void {
    if (this.connection !== 'open' || Date.now() - this.#lastByteMs < this.#settings.silenceTimeoutMs) return;
    const abort = this.#abort;
    this.#abort = null;
    abort?.abort();
    this.#scheduleRetry(new ApiError(0, 'NETWORK', 'The live connection went silent.'));
  }
}

/** The snapshot's `state` is `{state, since}`; a bare name is accepted too (since unknown → now). */
function normaliseState(raw: unknown): LiveState | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string') return { state: raw as LiveState['state'], since: Date.now() };
  const s = raw as Partial<LiveState>;
  return s.state ? { state: s.state, since: s.since ?? Date.now() } : null;
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    return new ApiError(response.status, body.error?.code ?? `HTTP_${response.status}`, body.error?.message ?? `The service answered ${response.status}.`);
  } catch {
    return new ApiError(response.status, `HTTP_${response.status}`, `The service answered ${response.status}.`);
  }
}
