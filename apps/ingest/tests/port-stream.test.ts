/** A byte stream over a MessagePort (how MQTT-over-WebSocket connections reach the broker thread). */
import { Duplex, PassThrough } from 'node:stream';
import { MessageChannel } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { bridgeToPort, portStream } from '../src/broker/port-stream.js';

/** A socket-like pair: what the test writes to `remote` arrives at `local`'s readable side, and back. */
function socketPair(): { local: Duplex; remote: { sent: PassThrough; received: Buffer[] } } {
  const sent = new PassThrough();
  const received: Buffer[] = [];
  const local = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      received.push(Buffer.from(chunk));
      callback();
    },
    final(callback) {
      received.push(Buffer.from('<end>'));
      callback();
    },
  });
  sent.on('data', (chunk: Buffer) => local.push(chunk));
  sent.on('end', () => local.push(null));
  return { local, remote: { sent, received } };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

it('carries bytes both ways, and an end from either side', async () => {
  const { port1, port2 } = new MessageChannel();
  const { local, remote } = socketPair();
  bridgeToPort(local, port1);
  const thread = portStream(port2);
  const arrived: Buffer[] = [];
  thread.on('data', (chunk: Buffer) => arrived.push(chunk));
  let ended = false;
  thread.on('end', () => (ended = true));

  remote.sent.write(Buffer.from([0x10, 0x02, 0xaa]));
  remote.sent.write(Buffer.from('second'));
  thread.write(Buffer.from([0x20, 0x02, 0x00, 0x00]));
  await tick();
  expect(Buffer.concat(arrived)).toEqual(Buffer.concat([Buffer.from([0x10, 0x02, 0xaa]), Buffer.from('second')]));
  expect(remote.received).toEqual([Buffer.from([0x20, 0x02, 0x00, 0x00])]);

  thread.end();
  remote.sent.end();
  await tick();
  expect(remote.received.at(-1)?.toString()).toBe('<end>');
  expect(ended).toBe(true);
  port1.close();
});

it('closes the connection when the broker destroys its end, and the broker\'s end when the connection closes', async () => {
  const first = new MessageChannel();
  const a = socketPair();
  bridgeToPort(a.local, first.port1);
  portStream(first.port2).destroy(); // Aedes closing a client
  await tick();
  expect(a.local.destroyed).toBe(true);

  const second = new MessageChannel();
  const b = socketPair();
  bridgeToPort(b.local, second.port1);
  const thread = portStream(second.port2);
  b.local.destroy(); // the browser went away
  await tick();
  expect(thread.destroyed).toBe(true);
});

it('holds a client that sends faster than the broker reads to a window of unread bytes, and loses none', async () => {
  const { port1, port2 } = new MessageChannel();
  const { local, remote } = socketPair();
  const window = 64 * 1024;
  bridgeToPort(local, port1, window);
  const thread = portStream(port2, window);
  // The broker reads nothing yet; the client sends 4 MB.
  const chunk = Buffer.alloc(16 * 1024, 7);
  for (let i = 0; i < 256; i++) remote.sent.write(chunk);
  for (let i = 0; i < 100 && !local.isPaused(); i++) await tick(); // a loaded machine passes the chunks on slowly
  await tick();
  // What left the client's side is at most the window, a chunk over it, and the broker's own read buffer.
  const crossed = thread.readableLength;
  expect(local.isPaused()).toBe(true);
  expect(crossed).toBeLessThanOrEqual(window + chunk.length + thread.readableHighWaterMark);
  // The broker reads: everything arrives, in order.
  let received = 0;
  thread.on('data', (c: Buffer) => {
    expect(c.every((b) => b === 7)).toBe(true);
    received += c.length;
  });
  for (let i = 0; i < 200 && received < 256 * chunk.length; i++) await tick();
  expect(received).toBe(256 * chunk.length);
  console.log(`port stream, client to broker: 4 MB sent into a ${window / 1024} KiB window; ${crossed} bytes crossed before the broker read; all arrived`);
  port1.close();
});

it('holds the broker\'s writes to a client that does not read to a window, and loses none', async () => {
  const { port1, port2 } = new MessageChannel();
  const window = 64 * 1024;
  // A client socket that takes nothing until told to.
  const taken: Buffer[] = [];
  let reading = false;
  const waiting: (() => void)[] = [];
  const local = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      taken.push(Buffer.from(chunk));
      if (reading) callback();
      else waiting.push(callback);
    },
  });
  bridgeToPort(local, port1, window);
  const thread = portStream(port2, window);
  const chunk = Buffer.alloc(16 * 1024, 9);
  let accepted = 0;
  for (let i = 0; i < 256; i++) if (thread.write(chunk)) accepted += 1;
  await tick();
  // The broker's writes report back-pressure once its window is unanswered; what crossed is bounded.
  expect(accepted).toBeLessThan(256);
  // In the WebSocket stream (its buffer, and the chunk the socket has not finished): all that left the broker thread.
  const crossedBytes = local.writableLength;
  expect(crossedBytes).toBeLessThanOrEqual(window + chunk.length);
  reading = true;
  for (const callback of waiting.splice(0)) callback();
  for (let i = 0; i < 200 && taken.reduce((n, c) => n + c.length, 0) < 256 * chunk.length; i++) await tick();
  expect(taken.reduce((n, c) => n + c.length, 0)).toBe(256 * chunk.length);
  console.log(`port stream, broker to client: ${accepted} of 256 writes taken before back-pressure; ${crossedBytes} bytes crossed while the client read nothing; all arrived`);
  port1.close();
});
