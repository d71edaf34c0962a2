/**
 * A reconnect storm: the whole fleet (200 MQTT.js devices, each with its token and a persistent session)
 * publishes QoS 1 batches with a few in flight; mid-run the broker drops every connection at once (what a
 * broker restart or a network blip does), and all 200 reconnect together and resend what had no PUBACK.
 * Everything is delivered: each device's batches are journaled exactly once, duplicates of resent batches are
 * recognised, and the analysis stores one point per second sent.
 */
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBinaryBatch } from '@stance/protocol';
import { ALL, analysed } from './device-helpers.js';
import { connectDevice, makeBatch, startService, waitFor, type RunningService } from './helpers.js';

const DEVICES = 200;
const BATCHES = 40;
/** Unacknowledged batches a device keeps in flight. */
const WINDOW = 4;
/** Pause between a device's batches, ms (a sensor's pace, sped up). */
const PACE_MS = 50;
const T0 = 1_763_712_000_000;

interface Device {
  id: string;
  wearerId: string;
  client: MqttClient;
  acked: number;
  /** PUBLISH packets written for imu, resends included. */
  packets: number;
  reconnects: number;
}

describe('reconnect storm', () => {
  let running: RunningService;
  const devices: Device[] = [];

  beforeAll(async () => {
    running = await startService({ deviceRatePerS: 1000, deviceBurst: 1000, maxConnections: DEVICES + 50 });
    const { service } = running;
    const tokens = service.db.transaction(() =>
      Array.from({ length: DEVICES }, (_, i) => {
        const id = `storm-${String(i).padStart(3, '0')}`;
        const wearerId = service.store.createWearer(id).id;
        return { id, wearerId, token: service.registry.create(id, wearerId).token };
      }),
    )();
    for (let i = 0; i < DEVICES; i += 50) {
      await Promise.all(tokens.slice(i, i + 50).map(async ({ id, wearerId, token }) => {
        const client = await connectDevice(running.mqttUrl, id, token, { clientId: id, clean: false, reconnectPeriod: 200 });
        const device: Device = { id, wearerId, client, acked: 0, packets: 0, reconnects: 0 };
        client.on('error', () => {});
        client.on('reconnect', () => (device.reconnects += 1));
        client.on('packetsend', (packet) => {
          if (packet.cmd === 'publish') device.packets += 1;
        });
        devices.push(device);
      }));
    }
  });
  afterAll(async () => {
    await Promise.all(devices.map((d) => d.client.endAsync(true)));
    await running.stop();
  });

  async function stream(d: Device): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    for (let seq = 0; seq < BATCHES; seq++) {
      const payload = Buffer.from(encodeBinaryBatch(makeBatch(seq, 50, T0 + seq * 1000)));
      const p: Promise<void> = d.client.publishAsync(`posture/${d.id}/imu`, payload, { qos: 1 }).then(() => {
        d.acked += 1;
        inFlight.delete(p);
      });
      inFlight.add(p);
      if (inFlight.size >= WINDOW) await Promise.race(inFlight);
      await new Promise((resolve) => setTimeout(resolve, PACE_MS));
    }
    await Promise.all(inFlight);
  }

  it('delivers everything exactly once after the whole fleet is dropped at once', async () => {
    const { service } = running;
    const { broker } = service;
    await waitFor(() => broker.connectedClients === DEVICES, 5000, 'the fleet connected');
    const streams = Promise.all(devices.map((d) => stream(d)));
    await waitFor(() => devices.every((d) => d.acked >= 10), 60_000, 'every device under way');

    // The storm: every connection closed at once.
    const droppedMs = Date.now();
    const ackedAtDrop = devices.reduce((n, d) => n + d.acked, 0);
    for (const d of devices) broker.disconnectDevice(d.id);
    await waitFor(() => devices.every((d) => d.reconnects > 0) && broker.connectedClients === DEVICES, 60_000, 'the fleet back');
    const backMs = Date.now();

    await streams;
    await analysed(service);
    const journaled = service.db.prepare<[], { n: number; devices: number; distinct_batches: number }>(
      `SELECT count(*) AS n, count(DISTINCT device_id) AS devices, count(DISTINCT device_id || ':' || seq) AS distinct_batches FROM journal`,
    ).get();
    expect(devices.every((d) => d.acked === BATCHES)).toBe(true);
    expect(journaled).toEqual({ n: DEVICES * BATCHES, devices: DEVICES, distinct_batches: DEVICES * BATCHES });
    const { metrics } = service;
    expect(metrics.batchesAccepted.value()).toBe(DEVICES * BATCHES);
    const packets = devices.reduce((n, d) => n + d.packets, 0);
    const resent = packets - DEVICES * BATCHES;
    const duplicates = metrics.batchesDuplicate.value();
    // Every PUBLISH that reached the service was journaled or recognised as a copy; the rest died with its connection.
    expect(duplicates).toBeLessThanOrEqual(resent);
    const points = await Promise.all(devices.slice(0, 20).map((d) => service.store.readPoints(d.wearerId, ALL)));
    for (const p of points) expect(new Set(p.map((x) => x.tMs)).size).toBe(BATCHES - 1);
    expect(metrics.pointsStored.value()).toBe(DEVICES * (BATCHES - 1));
    console.log(
      `reconnect storm: ${DEVICES} devices dropped at once after ${ackedAtDrop} of ${DEVICES * BATCHES} batches were acknowledged; ` +
        `all ${DEVICES} back in ${backMs - droppedMs} ms (${devices.reduce((n, d) => n + d.reconnects, 0)} reconnects); ` +
        `sent ${DEVICES * BATCHES} batches in ${packets} PUBLISH packets (${resent} resends), journaled ${journaled?.n} once each, ` +
        `duplicates recognised ${duplicates}, lost 0; points stored ${metrics.pointsStored.value()}`,
    );
  });
});
