/**
 * Aedes with the device handlers, served over TCP and over TLS when a certificate is configured; streams
 * accepted elsewhere (MQTT over WebSocket, from the HTTP server) are handed in. Every transport gets the same
 * packet-size guard. It runs in the broker thread (broker-thread.ts); what devices publish goes to `route`.
 */
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { Aedes, type AedesOptions } from 'aedes';
import type { DeviceRegistry } from '../devices/device-registry.js';
import { stanceError } from '../errors.js';
import type { DeviceMessageRouter } from '../intake/device-message-router.js';
import type { Logger } from '../log.js';
import type { IngestMetrics } from '../metrics/ingest-metrics.js';
import { createAuthenticate } from './authenticate.js';
import { createAuthorizePublish } from './authorize-publish.js';
import { createAuthorizeSubscribe } from './authorize-subscribe.js';
import { createDeviceSessions } from './device-sessions.js';
import { guardPacketSize, PACKET_OVERHEAD_BYTES } from './packet-size-guard.js';

export interface EmbeddedBrokerSettings {
  host: string;
  /** TCP port; 0 picks a free one. */
  mqttPort: number;
  mqttTlsPort: number;
  tlsCertFile: string | null;
  tlsKeyFile: string | null;
  /** WebSocket path on the HTTP server; empty: no WebSocket. */
  mqttWsPath: string;
  maxPayloadBytes: number;
  deviceRatePerS: number;
  deviceBurst: number;
  maxConnections: number;
  deviceMaxConnections: number;
}

export interface AedesBrokerParts {
  registry: DeviceRegistry;
  /** Where a device's PUBLISH goes once it passed the ACL and the rate limit; `done` sends the PUBACK. */
  route: DeviceMessageRouter;
  /** A device's last open connection closed. */
  connectionLost(deviceId: string): void;
  metrics: IngestMetrics;
  log: Logger;
}

export interface AedesBroker {
  readonly aedes: Aedes;
  /** Starts the TCP (and TLS) listeners. */
  listen(): Promise<void>;
  /** Serves a connection accepted elsewhere (MQTT over WebSocket); refused once accepting stopped. */
  accept(stream: Duplex): void;
  /** Bound addresses, after `listen`. */
  readonly tcpPort: number;
  readonly tlsPort: number | null;
  /** Closes every open connection of `deviceId` (unpaired: its token no longer logs in); returns how many. */
  disconnectDevice(deviceId: string): number;
  /** Stops accepting connections (existing ones stay): the first step of a graceful shutdown. */
  stopAccepting(): Promise<void>;
  /** Closes every client connection and the broker. */
  close(): Promise<void>;
}

/** Aedes options that are ours rather than its defaults, with why. */
const AEDES_OPTIONS: AedesOptions = {
  // A socket that never sends CONNECT is dropped after 10 s (default 30 s): cheap slots under a connection flood.
  connectTimeout: 10_000,
  // A device whose socket stops draining is cut after 30 s so it cannot stall deliveries to others.
  drainTimeout: 30_000,
  // Devices send QoS 1; no client needs QoS 2 in flight, so keep the window small.
  maxInflightInbound: 100,
  // Device client ids are commonly the device id, up to 64 characters.
  maxClientsIdLength: 128,
  maxTopicLevels: 8,
};

export async function createAedesBroker(settings: EmbeddedBrokerSettings, parts: AedesBrokerParts): Promise<AedesBroker> {
  const { metrics, log } = parts;
  const sessions = createDeviceSessions(
    { ratePerS: settings.deviceRatePerS, burst: settings.deviceBurst },
    undefined,
    // After the socket's close, so a last will (published by aedes after the close) and this agree.
    (deviceId) => parts.connectionLost(deviceId),
  );
  const aedes = await Aedes.createBroker({
    ...AEDES_OPTIONS,
    authenticate: createAuthenticate({
      registry: parts.registry,
      sessions,
      metrics,
      log,
      maxConnections: settings.maxConnections,
      deviceMaxConnections: settings.deviceMaxConnections,
      connectedClients: () => aedes.connectedClients,
    }),
    authorizePublish: createAuthorizePublish({ sessions, route: parts.route, metrics, log }),
    authorizeSubscribe: createAuthorizeSubscribe(sessions, metrics, log),
  });
  metrics.mqttConnections.collectFrom(() => aedes.connectedClients);
  aedes.on('clientError', (client, error) => {
    log.debug({ clientId: client.id, err: error.message }, 'MQTT client error');
  });

  const maxPacketBytes = settings.maxPayloadBytes + PACKET_OVERHEAD_BYTES;
  const accept = (stream: Duplex): void => {
    const client = aedes.handle(stream);
    // After handle(): Aedes has attached its 'readable' listener, so the guard only watches.
    guardPacketSize(stream, maxPacketBytes, (bytes) => {
      metrics.mqttOversizePackets.inc();
      const refusal = stanceError('MQTT_PACKET_TOO_LARGE', { bytes, limit: maxPacketBytes });
      const deviceId = sessions.deviceOf(client);
      log.warn({ code: refusal.code, deviceId, bytes, limit: maxPacketBytes }, `${refusal.message}; connection closed`);
    });
  };

  const tcp = net.createServer((socket) => accept(socket));
  const secure =
    settings.tlsCertFile !== null && settings.tlsKeyFile !== null
      ? tls.createServer(
          { cert: fs.readFileSync(settings.tlsCertFile), key: fs.readFileSync(settings.tlsKeyFile) },
          (socket) => accept(socket),
        )
      : null;

  let tcpPort = 0;
  let tlsPort: number | null = null;
  const listening: net.Server[] = [];
  const serversClosed: Promise<void>[] = [];
  let acceptingStopped = false;

  const stopAccepting = async (): Promise<void> => {
    acceptingStopped = true;
    // close() stops accepting at once; its callback waits for the open connections, which close() ends.
    for (const server of listening) {
      serversClosed.push(new Promise<void>((resolve) => server.close(() => resolve())));
    }
    listening.length = 0;
  };

  return {
    aedes,
    get tcpPort() {
      return tcpPort;
    },
    get tlsPort() {
      return tlsPort;
    },
    async listen() {
      tcpPort = await listenOn(tcp, settings.mqttPort, settings.host);
      listening.push(tcp);
      if (secure) {
        tlsPort = await listenOn(secure, settings.mqttTlsPort, settings.host);
        listening.push(secure);
      }
    },
    accept(stream) {
      if (acceptingStopped) stream.destroy();
      else accept(stream);
    },
    disconnectDevice(deviceId) {
      const clients = sessions.clientsOf(deviceId);
      for (const client of clients) client.close();
      if (clients.length > 0) log.info({ deviceId, connections: clients.length }, 'device connections closed (unpaired)');
      return clients.length;
    },
    stopAccepting,
    async close() {
      await stopAccepting();
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await Promise.all(serversClosed);
    },
  };
}

function listenOn(server: net.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
