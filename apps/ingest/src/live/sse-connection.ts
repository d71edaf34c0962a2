/**
 * One server-sent-events connection on a raw HTTP response: named events as JSON, a comment line as the
 * keep-alive, and a bounded buffer. Node buffers what the socket has not taken yet; past `maxQueuedBytes` the
 * reader is too slow and is dropped (it reconnects and gets a fresh snapshot) instead of holding ever more
 * memory. Closing is idempotent and runs `onClose` once, whoever closed (client, server, slow reader).
 */
import type { ServerResponse } from 'node:http';

/** Why a stream ended (for the log and tests). */
export type SseCloseReason = 'client' | 'slow_reader' | 'server' | 'access';

export interface SseConnectionOptions {
  /** Keep-alive comment period, ms. */
  heartbeatMs: number;
  /** Unsent bytes at which the reader is dropped. */
  maxQueuedBytes: number;
  /** Runs at each keep-alive; false ends the stream (the session expired or access was withdrawn). */
  stillAllowed?: () => boolean;
  onClose?: (reason: SseCloseReason) => void;
}

export interface SseConnection {
  /** Writes `event: NAME` with `data` as one JSON line; false when the stream is (or just got) closed. */
  send(event: string, data: unknown): boolean;
  close(reason: SseCloseReason): void;
  readonly closed: boolean;
}

export const SSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  // Reverse proxies (nginx) would otherwise buffer the stream.
  'x-accel-buffering': 'no',
});

/** Starts the stream: status and headers go out at once, so the client's fetch resolves. */
export function openSseConnection(res: ServerResponse, options: SseConnectionOptions): SseConnection {
  let closed = false;
  res.writeHead(200, SSE_HEADERS);
  res.flushHeaders();

  const close = (reason: SseCloseReason): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    res.off('close', onClientClose);
    if (reason === 'slow_reader') res.destroy();
    else res.end();
    options.onClose?.(reason);
  };
  const onClientClose = (): void => close('client');
  res.on('close', onClientClose);

  const write = (text: string): boolean => {
    if (closed) return false;
    if (res.writableLength > options.maxQueuedBytes) {
      close('slow_reader');
      return false;
    }
    res.write(text);
    return true;
  };

  const heartbeat = setInterval(() => {
    if (options.stillAllowed !== undefined && !options.stillAllowed()) close('access');
    else write(': keep-alive\n\n');
  }, options.heartbeatMs);
  heartbeat.unref();

  return {
    send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    close,
    get closed() {
      return closed;
    },
  };
}
