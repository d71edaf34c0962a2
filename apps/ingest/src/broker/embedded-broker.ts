/**
 * The embedded broker as the service sees it: Aedes runs in a thread of its own (broker-thread.ts, over
 * aedes-broker.ts) with the MQTT sockets (TCP, TLS), and this side hands it MQTT-over-WebSocket connections
 * from the HTTP server, routes what devices publish into the intake, and answers each PUBLISH once it is
 * durable. MQTT parsing, PUBACK writes and logins then cost the event loop nothing: it keeps the journal, the
 * consumers and the API, and the broker uses the machine's second core.
 */
import type http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { MessageChannel, Worker } from 'node:worker_threads';
import { createWebSocketStream, WebSocketServer } from 'ws';
import type { DeviceMessageRouter } from '../intake/device-message-router.js';
import type { Logger } from '../log.js';
import type { IngestMetrics } from '../metrics/ingest-metrics.js';
import type { EmbeddedBrokerSettings } from './aedes-broker.js';
import {
  errorFromRelay, relayError, type BrokerCommand, type BrokerEvent, type BrokerThreadData, type ListeningPorts, type RelayedError,
} from './broker-thread-protocol.js';
import { PACKET_OVERHEAD_BYTES } from './packet-size-guard.js';
import { bridgeToPort } from './port-stream.js';

export type { EmbeddedBrokerSettings } from './aedes-broker.js';

export interface EmbeddedBrokerParts {
  /** DATA_DIR: the thread reads device credentials from the service's database. */
  dataDir: string;
  /** Where each PUBLISH that passed login, ACL and rate limit goes; its PUBACK waits for `done`. */
  route: DeviceMessageRouter;
  /** A device's last open connection closed (after its socket's close, so a last will and this agree). */
  connectionLost(deviceId: string): void;
  metrics: IngestMetrics;
  log: Logger;
}

export interface EmbeddedBroker {
  /** Starts the TCP (and TLS) listeners and, if a path is set, WebSocket upgrades on `httpServer`. */
  listen(httpServer: http.Server): Promise<void>;
  /** Bound addresses, after `listen`. */
  readonly tcpPort: number;
  readonly tlsPort: number | null;
  /** MQTT connections open now (as last reported by the thread, within 200 ms). */
  readonly connectedClients: number;
  /** Publishes to a device (QoS 1, bypassing the device ACL): the haptic commands. */
  publish(topic: string, payload: Uint8Array, done: (error: Error | null) => void): void;
  /** Closes every open connection of `deviceId` (unpaired: its token no longer logs in). */
  disconnectDevice(deviceId: string): void;
  /**
   * Resolves once what the broker did before this call has reached the service: its counters, log lines,
   * messages and closed connections (tests: a client that saw its connection closed, then reads a metric).
   */
  settled(): Promise<void>;
  /** Stops accepting connections (existing ones stay): the first step of a graceful shutdown. */
  stopAccepting(): Promise<void>;
  /** Closes every client connection, the broker and its thread. */
  close(): Promise<void>;
}

/** Loads the thread's TypeScript: the service runs from source (tsx), and a worker does not inherit the loader. */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
import(pathToFileURL(workerData.tsx).href)
  .then(({ register }) => { register(); return import(workerData.entry); });
`;

export async function createEmbeddedBroker(settings: EmbeddedBrokerSettings, parts: EmbeddedBrokerParts): Promise<EmbeddedBroker> {
  const { metrics, log } = parts;
  const threadData: BrokerThreadData = { settings: brokerSettings(settings), dataDir: parts.dataDir };
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    execArgv: [],
    workerData: {
      ...threadData,
      tsx: tsxEsmApi(),
      entry: new URL('./broker-thread.ts', import.meta.url).href,
    },
  });
  let connected = 0;
  let closing = false;
  let nextRequest = 1;
  const requests = new Map<number, (error: RelayedError | null, value: unknown) => void>();
  const command = (message: BrokerCommand, transfer?: Parameters<Worker['postMessage']>[1]): void => worker.postMessage(message, transfer);
  const request = <T>(make: (request: number) => BrokerCommand): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextRequest++;
      requests.set(id, (error, value) => (error === null ? resolve(value as T) : reject(errorFromRelay(error))));
      command(make(id));
    });

  // Acknowledgements fired in one go (a commit's WAL sync) leave as one message.
  let acks: [number, RelayedError | null][] = [];
  const flushAcks = (): void => {
    if (acks.length === 0) return;
    command({ type: 'acks', acks });
    acks = [];
  };
  const ack = (id: number, error: Error | null | undefined): void => {
    if (acks.length === 0) queueMicrotask(flushAcks);
    acks.push([id, relayError(error)]);
  };

  const handle = (event: BrokerEvent): void => {
    switch (event.type) {
      case 'message':
        parts.route(event.deviceId, event.kind, event.payload, (error) => ack(event.id, error));
        return;
      case 'connection-lost':
        parts.connectionLost(event.deviceId);
        return;
      case 'log':
        log[event.record.level](event.record.fields, event.record.message);
        return;
      case 'count':
        metrics[event.counter].inc(event.labels, event.delta);
        return;
      case 'clients':
        connected = event.connected;
        return;
      case 'reply': {
        const settle = requests.get(event.request);
        requests.delete(event.request);
        settle?.(event.error, event.value);
        return;
      }
    }
  };
  worker.on('message', (events: BrokerEvent[]) => {
    for (const event of events) {
      try {
        handle(event);
      } catch (error) {
        log.error({ event: event.type, err: error }, 'broker thread event failed');
      }
    }
  });
  // Request 0 is the thread's "ready" (its broker created); a failure before that fails this call.
  let startFailed: ((error: Error) => void) | null = null;
  const ready = new Promise<void>((resolve, reject) => {
    startFailed = reject;
    requests.set(0, (error) => (error === null ? resolve() : reject(errorFromRelay(error))));
  });
  worker.on('error', (error) => {
    if (startFailed !== null) {
      startFailed(error);
      return;
    }
    // MQTT is down with it: a bug, so loudly (the process ends; a supervisor restarts it, the journal keeps what was acknowledged).
    log.error({ err: error }, 'the broker thread failed');
    if (!closing) setImmediate(() => {
      throw error;
    });
  });
  await ready;
  startFailed = null;
  metrics.mqttConnections.collectFrom(() => connected);

  const wss = new WebSocketServer({ noServer: true, maxPayload: settings.maxPayloadBytes + PACKET_OVERHEAD_BYTES });
  wss.on('connection', (socket) => {
    const { port1, port2 } = new MessageChannel();
    bridgeToPort(createWebSocketStream(socket), port1);
    command({ type: 'websocket', port: port2 }, [port2]);
  });
  let acceptingStopped = false;
  let ports: ListeningPorts = { tcpPort: 0, tlsPort: null };

  return {
    get tcpPort() {
      return ports.tcpPort;
    },
    get tlsPort() {
      return ports.tlsPort;
    },
    get connectedClients() {
      return connected;
    },
    async listen(httpServer) {
      ports = await request<ListeningPorts>((id) => ({ type: 'listen', request: id }));
      if (settings.mqttWsPath === '') return;
      httpServer.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
        const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
        if (pathname !== settings.mqttWsPath || acceptingStopped) {
          socket.destroy();
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      });
    },
    publish(topic, payload, done) {
      request<void>((id) => ({ type: 'publish', request: id, topic, payload })).then(() => done(null), (error: Error) => done(error));
    },
    disconnectDevice(deviceId) {
      command({ type: 'disconnect-device', deviceId });
    },
    settled: () => request<void>((id) => ({ type: 'ping', request: id })),
    async stopAccepting() {
      acceptingStopped = true;
      await request<void>((id) => ({ type: 'stop-accepting', request: id }));
    },
    async close() {
      acceptingStopped = true;
      closing = true;
      flushAcks(); // what was committed is acknowledged before the connections close
      await request<void>((id) => ({ type: 'close', request: id }));
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await worker.terminate();
    },
  };
}

/** tsx's ESM API (`register`), found from here: a worker's own resolution would start from its working directory. */
function tsxEsmApi(): string {
  const root = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  return path.join(root, 'dist', 'esm', 'api', 'index.mjs');
}

/** Only the broker's settings cross to the thread (the service's settings hold more than it needs). */
function brokerSettings(s: EmbeddedBrokerSettings): EmbeddedBrokerSettings {
  return {
    host: s.host, mqttPort: s.mqttPort, mqttTlsPort: s.mqttTlsPort, tlsCertFile: s.tlsCertFile, tlsKeyFile: s.tlsKeyFile,
    mqttWsPath: s.mqttWsPath, maxPayloadBytes: s.maxPayloadBytes, deviceRatePerS: s.deviceRatePerS, deviceBurst: s.deviceBurst,
    maxConnections: s.maxConnections, deviceMaxConnections: s.deviceMaxConnections,
  };
}
