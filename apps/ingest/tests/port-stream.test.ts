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
