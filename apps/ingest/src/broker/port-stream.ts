/**
 * A byte stream carried over a `MessagePort`, so a connection accepted on one thread is served on another:
 * MQTT over WebSocket arrives through the HTTP server on the event loop, and Aedes runs in the broker thread.
 * Each chunk is a message; `null` ends the stream. Closing either side's port closes the other's stream.
 *
 * Flow control, both ways: the receiving side answers with the number of bytes it has passed on (the thread
 * once Aedes reads them, the event loop once the WebSocket has taken them), and a sender with more than
 * `PORT_STREAM_WINDOW_BYTES` unanswered stops: the event loop pauses the WebSocket (TCP then holds the
 * client back), the thread holds Aedes's write callbacks (its writes then report back-pressure, as a slow TCP
 * socket's would). So a client that sends faster than the broker thread reads, or reads slower than the broker
 * writes to it, costs at most a window of memory in the process.
 */
import { Duplex } from 'node:stream';
import type { MessagePort } from 'node:worker_threads';

/** Bytes a side may have sent and not yet had answered (a few of the largest packets a device may send). */
export const PORT_STREAM_WINDOW_BYTES = 1024 * 1024;

/** What crosses the port: a chunk, the end (`null`), or an answer (bytes passed on). */
type PortMessage = Uint8Array | null | number;

/** Counts the bytes sent and not yet answered, and says when the sender must wait. */
function sendWindow(windowBytes: number) {
  let unanswered = 0;
  return {
    sent(bytes: number): void {
      unanswered += bytes;
    },
    answered(bytes: number): void {
      unanswered -= bytes;
    },
    get full(): boolean {
      return unanswered > windowBytes;
    },
  };
}

/** The thread's end: a Duplex Aedes can `handle`. */
export function portStream(port: MessagePort, windowBytes = PORT_STREAM_WINDOW_BYTES): Duplex {
  let closed = false;
  const window = sendWindow(windowBytes);
  /** A write waiting for answers (the window is full). */
  let heldCallback: (() => void) | null = null;
  /** Bytes pushed to Aedes and not yet answered: answered when it reads (`read`), or at once while it keeps up. */
  let unreadBytes = 0;
  const answer = (): void => {
    if (unreadBytes === 0 || closed) return;
    port.postMessage(unreadBytes);
    unreadBytes = 0;
  };
  const close = (): void => {
    if (closed) return;
    closed = true;
    port.close();
  };
  const stream = new Duplex({
    read() {
      answer();
    },
    write(chunk: Buffer, _encoding, callback) {
      if (closed) return callback();
      port.postMessage(chunk);
      window.sent(chunk.byteLength);
      if (window.full) heldCallback = callback;
      else callback();
    },
    final(callback) {
      if (!closed) port.postMessage(null);
      callback();
    },
    destroy(error, callback) {
      close();
      callback(error);
    },
  });
  port.on('message', (message: PortMessage) => {
    if (message === null) {
      stream.push(null);
      return;
    }
    if (typeof message === 'number') {
      window.answered(message);
      if (heldCallback !== null && !window.full) {
        const callback = heldCallback;
        heldCallback = null;
        callback();
      }
      return;
    }
    unreadBytes += message.byteLength;
    if (stream.push(Buffer.from(message.buffer, message.byteOffset, message.byteLength))) answer();
  });
  port.once('close', () => {
    closed = true;
    stream.destroy();
  });
  return stream;
}

/** The event loop's end: pipes `stream` (a WebSocket's) both ways through `port`. */
export function bridgeToPort(stream: Duplex, port: MessagePort, windowBytes = PORT_STREAM_WINDOW_BYTES): void {
  let closed = false;
  const window = sendWindow(windowBytes);
  const close = (): void => {
    if (closed) return;
    closed = true;
    port.close();
    stream.destroy();
  };
  stream.on('data', (chunk: Buffer) => {
    if (closed) return;
    port.postMessage(chunk);
    window.sent(chunk.byteLength);
    if (window.full) stream.pause();
  });
  stream.once('end', () => {
    if (!closed) port.postMessage(null);
  });
  stream.once('close', close);
  stream.on('error', close);
  port.on('message', (message: PortMessage) => {
    if (message === null) {
      stream.end();
      return;
    }
    if (typeof message === 'number') {
      window.answered(message);
      if (!window.full && stream.isPaused()) stream.resume();
      return;
    }
    const bytes = message.byteLength;
    // Answered once the WebSocket has taken it: a client that does not read holds the broker's writes back.
    stream.write(message, () => {
      if (!closed) port.postMessage(bytes);
    });
  });
  port.once('close', close);
}
