/**
 * MQTT 3.1.1 packets written by hand, for clients that misbehave in ways MQTT.js will not (wildcards in a
 * PUBLISH topic, thousands of cheap wrong logins): CONNECT, PUBLISH, and reading the CONNACK or the close.
 */
import net from 'node:net';

function remainingLength(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

function field(text: string | Buffer): Buffer {
  const body = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const len = Buffer.alloc(2);
  len.writeUInt16BE(body.length);
  return Buffer.concat([len, body]);
}

export function connectPacket(clientId: string, username: string | null, password: string | null): Buffer {
  let flags = 0x02;
  const payload = [field(clientId)];
  if (username !== null) (flags |= 0x80), payload.push(field(username));
  if (password !== null) (flags |= 0x40), payload.push(field(password));
  const body = Buffer.concat([Buffer.from([0, 4, 0x4d, 0x51, 0x54, 0x54, 4, flags, 0, 30]), ...payload]);
  return Buffer.concat([Buffer.from([0x10, ...remainingLength(body.length)]), body]);
}

/** PUBLISH at QoS 0, or at QoS 1 with message id `messageId`. */
export function publishPacket(topic: string | Buffer, payload: Buffer, qos: 0 | 1 = 0, messageId = 1): Buffer {
  const id = qos === 1 ? Buffer.from([messageId >> 8, messageId & 0xff]) : Buffer.alloc(0);
  const body = Buffer.concat([field(topic), id, payload]);
  return Buffer.concat([Buffer.from([0x30 | (qos << 1), ...remainingLength(body.length)]), body]);
}

export interface RawClient {
  socket: net.Socket;
  /** Bytes received so far. */
  received(): Buffer;
  /** Resolves when the broker closes the connection. */
  closed: Promise<void>;
}

/** Opens a TCP connection to the broker and sends `packets` (none: an idle socket). */
export function rawClient(port: number, packets: Buffer[] = []): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.once('connect', () => {
      for (const p of packets) socket.write(p);
      resolve({ socket, received: () => Buffer.concat(chunks), closed });
    });
    socket.once('error', reject);
  });
}

/** CONNECT and wait for the CONNACK: its return code (0 accepted, 4 bad user name or password, 5 not authorised). */
export async function rawConnect(port: number, clientId: string, username: string | null, password: string | null): Promise<{ code: number; client: RawClient }> {
  const client = await rawClient(port, [connectPacket(clientId, username, password)]);
  const code = await new Promise<number>((resolve, reject) => {
    const check = (): boolean => {
      const bytes = client.received();
      if (bytes.length >= 4 && bytes[0] === 0x20) {
        resolve(bytes[3] as number);
        return true;
      }
      return false;
    };
    if (check()) return;
    const onData = (): void => {
      if (check()) client.socket.off('data', onData);
    };
    client.socket.on('data', onData);
    client.closed.then(() => (check() ? undefined : reject(new Error('closed without a CONNACK'))), reject);
  });
  return { code, client };
}
