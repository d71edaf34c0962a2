/**
 * A byte stream carried over a `MessagePort`, so a connection accepted on one thread is served on another:
 * MQTT over WebSocket arrives through the HTTP server on the event loop, and Aedes runs in the broker thread.
 * Each chunk is a message; `null` ends the stream. Closing either side's port closes the other's stream.
 * There is no flow control: the WebSocket's `maxPayload` and the packet-size guard bound what one connection
 * can send, and browsers send little.
 */
import { Duplex } from 'node:stream';
import type { MessagePort } from 'node:worker_threads';

/** The thread's end: a Duplex Aedes can `handle`. */
export function portStream(port: MessagePort): Duplex {
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    port.close();
  };
  const stream = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      if (!closed) port.postMessage(chunk);
      callback();
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
  port.on('message', (chunk: Uint8Array | null) => {
    if (chunk === null) stream.push(null);
    else stream.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  });
  port.once('close', () => {
    closed = true;
    stream.destroy();
  });
  return stream;
}

/** The event loop's end: pipes `stream` (a WebSocket's) both ways through `port`. */
export function bridgeToPort(stream: Duplex, port: MessagePort): void {
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    port.close();
    stream.destroy();
  };
  stream.on('data', (chunk: Buffer) => {
    if (!closed) port.postMessage(chunk);
  });
  stream.once('end', () => {
    if (!closed) port.postMessage(null);
  });
  stream.once('close', close);
  stream.on('error', close);
  port.on('message', (chunk: Uint8Array | null) => {
    if (chunk === null) stream.end();
    else stream.write(chunk);
  });
  port.once('close', close);
}
