/**
 * Closes a connection as soon as an MQTT packet's fixed header announces more bytes than allowed, before
 * the packet is buffered. Aedes's parser would otherwise collect a packet of any size (up to MQTT's 256 MB)
 * in memory before any handler could look at it.
 *
 * It watches the bytes Aedes itself reads: with a 'readable' listener attached, a 'data' listener sees each
 * chunk exactly when `read()` returns it, without changing the stream's flow.
 */
import type { Duplex } from 'node:stream';

/** Room for the fixed header, topic and packet id on top of the payload limit, bytes. */
export const PACKET_OVERHEAD_BYTES = 1024;

export interface PacketSizeGuard {
  /** Feeds received bytes; returns the announced size of the first packet over the limit, else null. */
  push(chunk: Uint8Array): number | null;
}

/** The fixed-header scanner: type byte, 1..4 bytes of remaining length, then skip the body. */
export function createPacketSizeGuard(maxPacketBytes: number): PacketSizeGuard {
  let stage: 'type' | 'length' | 'body' = 'type';
  let length = 0;
  let multiplier = 1;
  let skip = 0;
  return {
    push(chunk) {
      let i = 0;
      while (i < chunk.length) {
        if (stage === 'body') {
          const take = Math.min(skip, chunk.length - i);
          skip -= take;
          i += take;
          if (skip === 0) stage = 'type';
          continue;
        }
        const byte = chunk[i++] as number;
        if (stage === 'type') {
          stage = 'length';
          length = 0;
          multiplier = 1;
          continue;
        }
        length += (byte & 0x7f) * multiplier;
        multiplier *= 128;
        if ((byte & 0x80) !== 0 && multiplier <= 128 ** 3) continue;
        // Complete (or a malformed 5th length byte, which the MQTT parser refuses on its own).
        if (length > maxPacketBytes) return length;
        skip = length;
        stage = skip === 0 ? 'type' : 'body';
      }
      return null;
    },
  };
}

/** Attaches the guard to a connection Aedes is already reading; `onOversize` is called before it is destroyed. */
export function guardPacketSize(stream: Duplex, maxPacketBytes: number, onOversize: (bytes: number) => void): void {
  const guard = createPacketSizeGuard(maxPacketBytes);
  const watch = (chunk: Buffer | string): void => {
    const over = guard.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    if (over === null) return;
    stream.off('data', watch);
    onOversize(over);
    stream.destroy();
  };
  stream.on('data', watch);
}
