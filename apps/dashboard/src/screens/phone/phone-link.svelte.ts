/**
 * The phone's MQTT connection, as a real sensor's (contracts section 2): MQTT 3.1.1 over WebSocket on the
 * service's HTTP port, username = device id, password = token, client id = device id (a reconnect takes the
 * old session over); a retained `status` online on connect and the same topic as the last will with
 * `online: false`; batches on `posture/ID/imu` at QoS 1; the device's own `cmd` topic subscribed, where a
 * haptic command makes the phone vibrate. While disconnected, batches wait in an offline buffer that is sent
 * oldest first on reconnect, as the firmware does; past `offlineBufferBatches` the oldest are dropped.
 */
import mqtt, { type MqttClient } from 'mqtt';
import {
  deviceTopic, encodeEvent, encodeJsonBatch, encodeStatus, parseCommand, type DeviceStatus, type HapticPattern, type ImuBatch,
} from '@stance/protocol';
import { brokerUrl, type PhoneCredentials } from './phone-credentials.js';

export interface PhoneLinkSettings {
  /** Batches kept while offline (at one a second, 600 is ten minutes). */
  offlineBufferBatches: number;
  /** Wait before reconnecting, ms. */
  reconnectMs: number;
  /** MQTT keep-alive, s. */
  keepaliveS: number;
  /** Firmware version reported in `status`. */
  fw: string;
}

export const DEFAULT_PHONE_LINK_SETTINGS: Readonly<PhoneLinkSettings> = Object.freeze({
  offlineBufferBatches: 600,
  reconnectMs: 2000,
  keepaliveS: 30,
  fw: 'phone-1.0.0',
});

/** `refused`: the broker said the credentials are wrong (the device was unpaired): pair again. */
export type LinkState = 'idle' | 'connecting' | 'online' | 'reconnecting' | 'refused' | 'closed';

/** Vibration patterns (ms on, off, on...) for the sensor's buzz patterns. */
const VIBRATION: Readonly<Record<HapticPattern, number[]>> = Object.freeze({
  short: [200],
  double: [150, 120, 150],
  long: [600],
});

export class PhoneLink {
  state = $state<LinkState>('idle');
  /** Samples the broker acknowledged. */
  samplesSent = $state(0);
  batchesSent = $state(0);
  /** Batches waiting for a connection. */
  buffered = $state(0);
  /** Batches dropped because the offline buffer was full. */
  dropped = $state(0);
  /** The last error, in words. */
  error = $state('');
  /** The last buzz the service sent, epoch ms and pattern. */
  lastBuzz = $state<{ atMs: number; pattern: HapticPattern; reason: string } | null>(null);

  readonly #settings: PhoneLinkSettings;
  #client: MqttClient | null = null;
  #creds: PhoneCredentials | null = null;
  #queue: ImuBatch[] = [];
  #battery: number | undefined;

  constructor(settings: Partial<PhoneLinkSettings> = {}) {
    this.#settings = { ...DEFAULT_PHONE_LINK_SETTINGS, ...settings };
  }

  connect(creds: PhoneCredentials): void {
    this.disconnect();
    this.#creds = creds;
    this.error = '';
    this.state = 'connecting';
    const id = creds.deviceId;
    const client = mqtt.connect(brokerUrl(creds.wsPath), {
      protocolVersion: 4,
      clientId: id,
      username: id,
      password: creds.token,
      clean: true,
      keepalive: this.#settings.keepaliveS,
      reconnectPeriod: this.#settings.reconnectMs,
      connectTimeout: 10_000,
      will: { topic: deviceTopic(id, 'status'), payload: encodeStatus({ online: false }), qos: 1, retain: true },
      createWebsocket: openQuietWebSocket,
    });
    this.#client = client;
    client.on('connect', () => {
      if (client !== this.#client) return;
      this.state = 'online';
      this.error = '';
      this.#publishStatus(true);
      client.subscribe(deviceTopic(id, 'cmd'), { qos: 1 });
      this.#drain();
    });
    client.on('reconnect', () => {
      if (client === this.#client && this.state !== 'refused') this.state = 'reconnecting';
    });
    client.on('offline', () => {
      if (client === this.#client && this.state === 'online') this.state = 'reconnecting';
    });
    client.on('error', (error: Error & { code?: number }) => {
      if (client !== this.#client) return;
      // CONNACK 4 (bad username or password) or 5 (not authorised): retrying cannot help.
      if (error.code === 4 || error.code === 5) {
        this.state = 'refused';
        this.error = 'The service refused this phone\'s credentials (it may have been unpaired).';
        client.end(true);
        return;
      }
      this.error = error.message;
    });
    client.on('message', (_topic, payload) => this.#onCommand(payload));
  }

  /** Sends a batch now, or keeps it until the connection is back. */
  send(batch: ImuBatch): void {
    this.#queue.push(batch);
    while (this.#queue.length > this.#settings.offlineBufferBatches) {
      this.#queue.shift();
      this.dropped++;
    }
    this.#drain();
  }

  /** A button press, as the sensor's buttons send it ('snooze', 'calibrate'). */
  pressButton(action: 'snooze' | 'calibrate'): boolean {
    if (!this.#client?.connected || !this.#creds) return false;
    this.#client.publish(deviceTopic(this.#creds.deviceId, 'event'), encodeEvent({ type: 'button', action }), { qos: 1 });
    return true;
  }

  /** Battery percent to report in `status` (re-sent when it changes). */
  setBattery(percent: number | undefined): void {
    if (percent === this.#battery) return;
    this.#battery = percent;
    if (this.#client?.connected) this.#publishStatus(true);
  }

  /** Says "offline" (retained) and closes; the last will covers the cases where this cannot run. */
  disconnect(): void {
    const client = this.#client;
    this.#client = null;
    if (!client) return;
    if (client.connected && this.#creds) {
      client.publish(deviceTopic(this.#creds.deviceId, 'status'), encodeStatus({ online: false }), { qos: 1, retain: true }, () => client.end());
    } else {
      client.end(true);
    }
    if (this.state !== 'refused') this.state = 'closed';
  }

  #drain(): void {
    const client = this.#client;
    const creds = this.#creds;
    if (!client?.connected || !creds) {
      this.buffered = this.#queue.length;
      return;
    }
    const topic = deviceTopic(creds.deviceId, 'imu');
    for (const batch of this.#queue.splice(0)) {
      client.publish(topic, encodeJsonBatch(batch), { qos: 1 }, (error) => {
        if (error) return; // kept by MQTT.js for redelivery, or lost with the session: the service sees a gap
        this.batchesSent++;
        this.samplesSent += batch.count;
      });
    }
    this.buffered = 0;
  }

  #publishStatus(online: boolean): void {
    if (!this.#client || !this.#creds) return;
    const status: DeviceStatus = { online, fw: this.#settings.fw };
    if (this.#battery !== undefined) status.battery = this.#battery;
    this.#client.publish(deviceTopic(this.#creds.deviceId, 'status'), encodeStatus(status), { qos: 1, retain: true });
  }

  #onCommand(payload: Uint8Array): void {
    const parsed = parseCommand(payload);
    if (!parsed.ok || parsed.value.type !== 'haptic') return;
    const { pattern, reason } = parsed.value as { pattern: HapticPattern; reason: string };
    this.lastBuzz = { atMs: Date.now(), pattern, reason };
    if (typeof navigator !== 'undefined' && typeof navigator.vibrate === 'function') navigator.vibrate(VIBRATION[pattern] ?? [200]);
  }
}

/**
 * A WebSocket whose `send` does nothing once it is closing or closed. MQTT.js may still write its last packets
 * (a DISCONNECT, a PUBACK, a CONNECT buffered before the socket opened) after the broker or this page closed the
 * socket; they are lost either way, but the browser would log each such send as an error.
 */
function openQuietWebSocket(url: string, protocols: string[]): WebSocket {
  const socket = new WebSocket(url, protocols);
  const send = socket.send.bind(socket);
  socket.send = (data) => {
    if (socket.readyState === WebSocket.OPEN) send(data);
  };
  return socket;
}
