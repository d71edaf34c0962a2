/**
 * The broker thread's entry (started by embedded-broker.ts): Aedes, its sockets, MQTT parsing and PUBACK
 * writes, device logins (its own connection to the database: reads only), the ACL, the rate limit and the
 * packet-size guard run here, on the second core, so the event loop keeps the intake, the journal consumers and
 * the API. Each PUBLISH that passes goes to the event loop as a `message` event; its PUBACK waits for the `acks`
 * command that says it is durable, as in one thread. Counters and log lines are relayed (broker-thread-protocol.ts).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { parseEvent, parseStatus } from '@stance/protocol';
import { openDatabase } from '../db/open-database.js';
import { createDeviceRegistry } from '../devices/device-registry.js';
import { payloadBytes, toByteString } from '../intake/device-payload.js';
import type { DeviceMessageRouter } from '../intake/device-message-router.js';
import type { Done } from '../intake/group-commit.js';
import type { Logger, LogFn } from '../log.js';
import { createIngestMetrics } from '../metrics/ingest-metrics.js';
import { createAedesBroker } from './aedes-broker.js';
import {
  errorFromRelay, relayError, type BrokerCommand, type BrokerEvent, type BrokerThreadData, type ListeningPorts, type RelayedCounter,
} from './broker-thread-protocol.js';
import { portStream } from './port-stream.js';

const RELAYED_COUNTERS: readonly RelayedCounter[] = ['mqttAuthRefusals', 'mqttAclRefusals', 'mqttRateLimited', 'mqttOversizePackets'];
/** How often the connection count is sent when it changed, ms. */
const CLIENTS_REPORT_MS = 200;

const port = parentPort as MessagePort;
const data = workerData as BrokerThreadData;

let events: BrokerEvent[] = [];
let flushScheduled = false;
const flush = (): void => {
  flushScheduled = false;
  if (events.length === 0) return;
  const out = events;
  events = [];
  port.postMessage(out);
};
/** Sent after this turn of the event loop: every socket read in it shares one message. */
const send = (event: BrokerEvent): void => {
  events.push(event);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
};

const logAt = (level: keyof Logger): LogFn => (fields, message) => send({ type: 'log', record: { level, fields: cloneable(fields), message } });
const log: Logger = { error: logAt('error'), warn: logAt('warn'), info: logAt('info'), debug: logAt('debug') };

// The handlers count through the service's metric objects; here their increments are relayed instead.
const metrics = createIngestMetrics();
for (const counter of RELAYED_COUNTERS) {
  metrics[counter].inc = (labels = {}, delta = 1) => send({ type: 'count', counter, labels: { ...labels }, delta });
}

/** PUBLISHes waiting for the event loop's answer, by id. */
const waiting = new Map<number, Done>();
let nextId = 1;
const route: DeviceMessageRouter = (deviceId, kind, payload, done) => {
  const id = nextId++;
  waiting.set(id, done);
  // A copy of just these bytes (the packet's payload may be a view of a larger socket buffer, all of which a clone
  // would copy); an imu batch's as a string, which the event loop's heap takes in without external memory.
  const bytes = payloadBytes(payload);
  send({ type: 'message', id, deviceId, kind, payload: kind === 'imu' ? toByteString(bytes) : new Uint8Array(bytes) });
  // The router on the event loop decides; a refused status or event must not become the retained one, so tell now.
  if (kind === 'imu') return 'queued';
  return (kind === 'status' ? parseStatus(bytes) : parseEvent(bytes)).ok ? 'queued' : 'refused';
};

const db = openDatabase({ dataDir: data.dataDir, sync: 'normal' });
const broker = await createAedesBroker(data.settings, {
  registry: createDeviceRegistry(db),
  route,
  connectionLost: (deviceId) => send({ type: 'connection-lost', deviceId }),
  metrics,
  log,
});

let reportedClients = -1;
const clientsTimer = setInterval(() => {
  const connected = broker.aedes.connectedClients;
  if (connected === reportedClients) return;
  reportedClients = connected;
  send({ type: 'clients', connected });
}, CLIENTS_REPORT_MS);

const reply = (request: number, error: Error | null, value?: unknown): void => {
  send({ type: 'reply', request, error: relayError(error), ...(value === undefined ? {} : { value }) });
};

reply(0, null); // ready

port.on('message', (command: BrokerCommand) => {
  switch (command.type) {
    case 'acks':
      for (const [id, error] of command.acks) {
        const done = waiting.get(id);
        waiting.delete(id);
        done?.(errorFromRelay(error));
      }
      return;
    case 'listen':
      broker.listen().then(
        () => reply(command.request, null, { tcpPort: broker.tcpPort, tlsPort: broker.tlsPort } satisfies ListeningPorts),
        (error: Error) => reply(command.request, error),
      );
      return;
    case 'publish':
      broker.aedes.publish(
        { cmd: 'publish', topic: command.topic, payload: Buffer.from(command.payload), qos: 1, retain: false, dup: false },
        (error) => reply(command.request, error ?? null),
      );
      return;
    case 'disconnect-device':
      broker.disconnectDevice(command.deviceId);
      return;
    case 'websocket':
      broker.accept(portStream(command.port));
      return;
    case 'ping':
      reply(command.request, null);
      return;
    case 'stop-accepting':
      broker.stopAccepting().then(() => reply(command.request, null));
      return;
    case 'close':
      clearInterval(clientsTimer);
      broker.close().then(() => {
        db.close();
        reply(command.request, null);
        flush();
      });
      return;
  }
});

/** Log fields as a structured clone takes them: an Error keeps its message, stack and code; what cannot be cloned becomes text. */
function cloneable(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    try {
      out[key] = structuredClone(value);
    } catch {
      out[key] = String(value);
    }
  }
  return out;
}
