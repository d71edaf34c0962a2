/**
 * Just enough MQTT 3.1.1 on the wire for a lean load generator: CONNECT, PUBLISH at QoS 1 and DISCONNECT
 * out; CONNACK, PUBACK, SUBACK and PINGRESP in. Thousands of simulated sensors share one process, so each
 * costs a socket and a few numbers, not a full client (MQTT.js keeps stores, timers and a parser per client).
 */

/** Packet types (high nibble of the first byte). */
const CONNACK = 2;
const PUBLISH = 3;
const PUBACK = 4;

function remainingLengthBytes(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

function lengthPrefixed(text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  const out = Buffer.allocUnsafe(2 + body.length);
  out.writeUInt16BE(body.length, 0);
  body.copy(out, 2);
  return out;
}

/** CONNECT, MQTT 3.1.1, clean session; keepalive 0 disables the broker's idle timeout (the run stays busy). */
export function encodeConnect(clientId: string, username: string | null, password: string | null, keepaliveS = 0): Buffer {
  let flags = 0x02;
  const payload = [lengthPrefixed(clientId)];
  if (username !== null) {
    flags |= 0x80;
    payload.push(lengthPrefixed(username));
  }
  if (password !== null) {
    flags |= 0x40;
    payload.push(lengthPrefixed(password));
  }
  const variable = Buffer.from([0, 4, 0x4d, 0x51, 0x54, 0x54, 4, flags, keepaliveS >> 8, keepaliveS & 0xff]);
  const body = Buffer.concat([variable, ...payload]);
  return Buffer.concat([Buffer.from([0x10, ...remainingLengthBytes(body.length)]), body]);
}

export const DISCONNECT_PACKET: Buffer = Buffer.from([0xe0, 0x00]);

/**
 * The fixed part of a QoS 1 PUBLISH on `topic` with a payload of `payloadBytes`: fixed header and topic. The
 * message id (2 bytes) and the payload follow it.
 */
export function publishPrefix(topic: string, payloadBytes: number): Buffer {
  const topicField = lengthPrefixed(topic);
  const remaining = topicField.length + 2 + payloadBytes;
  return Buffer.concat([Buffer.from([0x32, ...remainingLengthBytes(remaining)]), topicField]);
}

export interface WireHandlers {
  connack(returnCode: number): void;
  puback(messageId: number): void;
}

/**
 * Splits the bytes a broker sends into packets and dispatches the two that matter. Keeps a partial packet
 * across reads. Throws on a packet this client never asked for that it would have to answer (a QoS 1
 * PUBLISH to a client that subscribed to nothing).
 */
export class WireReader {
  private pending: Buffer | null = null;

  constructor(private readonly handlers: WireHandlers) {}

  push(chunk: Buffer): void {
    const buf = this.pending === null ? chunk : Buffer.concat([this.pending, chunk]);
    this.pending = null;
    let at = 0;
    while (at < buf.length) {
      // Fixed header: type byte, then 1 to 4 bytes of remaining length.
      let length = 0;
      let multiplier = 1;
      let i = at + 1;
      let complete = false;
      while (i < buf.length && i < at + 5) {
        const byte = buf[i++] as number;
        length += (byte & 0x7f) * multiplier;
        multiplier *= 128;
        if ((byte & 0x80) === 0) {
          complete = true;
          break;
        }
      }
      if (!complete || i + length > buf.length) break;
      const type = (buf[at] as number) >> 4;
      if (type === PUBACK) this.handlers.puback(buf.readUInt16BE(i));
      else if (type === CONNACK) this.handlers.connack(buf[i + 1] as number);
      else if (type === PUBLISH && ((buf[at] as number) & 0x06) !== 0) throw new Error('unexpected QoS>0 PUBLISH to the load generator');
      at = i + length;
    }
    if (at < buf.length) this.pending = Buffer.from(buf.subarray(at));
  }
}
