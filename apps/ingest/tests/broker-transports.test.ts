/**
 * The same device over MQTT over WebSocket (HTTP server path) and over TLS (when a certificate is set); with
 * HTTP_TLS on, the API, the dashboard and MQTT over secure WebSocket on the HTTP port, with the same certificate.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, jsonBatch, startService, tempDir, type RunningService } from './helpers.js';

interface TlsService {
  running: RunningService;
  /** The certificate, to verify the service against. */
  ca: Buffer;
  stop(): Promise<void>;
}

/** A service with a throwaway self-signed certificate for 127.0.0.1 (MQTT over TLS on a free port). */
async function startWithCertificate(settings: Parameters<typeof startService>[0] = {}): Promise<TlsService> {
  const certDir = tempDir('stance-cert-');
  const cert = path.join(certDir, 'cert.pem');
  const key = path.join(certDir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  const running = await startService({ tlsCertFile: cert, tlsKeyFile: key, mqttTlsPort: 0, ...settings });
  return {
    running, ca: fs.readFileSync(cert),
    async stop() {
      await running.stop();
      fs.rmSync(certDir, { recursive: true, force: true });
    },
  };
}

describe('broker transports', () => {
  let tls: TlsService;
  let running: RunningService;
  let token: string;
  beforeAll(async () => {
    tls = await startWithCertificate();
    running = tls.running;
    token = running.service.registry.create('tx-1').token;
  });
  afterAll(() => tls.stop());

  it('takes batches over WebSocket on /mqtt', async () => {
    const client = await connectDevice(`ws://127.0.0.1:${running.service.httpPort}/mqtt`, 'tx-1', token);
    await client.publishAsync('posture/tx-1/imu', jsonBatch(0, 12), { qos: 1 });
    await client.endAsync();
    expect(running.service.journal.readAfter(0, 10).map((e) => e.batch.seq)).toEqual([0]);
  });

  it('takes batches over TLS, verified against the certificate', async () => {
    const port = running.service.broker.tlsPort;
    expect(port).not.toBeNull();
    const client = await connectDevice(`mqtts://127.0.0.1:${port}`, 'tx-1', token, { ca: tls.ca });
    await client.publishAsync('posture/tx-1/imu', jsonBatch(1, 12), { qos: 1 });
    await client.endAsync();
    expect(running.service.journal.readAfter(0, 10).map((e) => e.batch.seq)).toEqual([0, 1]);
  });

  it('answers a WebSocket upgrade on another path by closing it', async () => {
    await expect(
      connectDevice(`ws://127.0.0.1:${running.service.httpPort}/elsewhere`, 'tx-1', token, { connectTimeout: 2000 }),
    ).rejects.toThrow();
  });
});

describe('HTTP_TLS on: HTTPS and MQTT over secure WebSocket on the HTTP port', () => {
  let tls: TlsService;
  let running: RunningService;
  let ca: Buffer;
  beforeAll(async () => {
    tls = await startWithCertificate({ httpTls: 'on' });
    ({ running, ca } = tls);
  });
  afterAll(() => tls.stop());

  const get = (url: string, options: https.RequestOptions = {}) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      https.get(url, { ca, ...options }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      }).on('error', reject);
    });

  it('answers the API over HTTPS, verified against the certificate', async () => {
    const health = await get(`https://127.0.0.1:${running.service.httpPort}/api/health`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok' });
    // Plain HTTP on that port gets no answer.
    const plain = await fetch(`http://127.0.0.1:${running.service.httpPort}/api/health`).then((r) => r.status, () => 'refused');
    expect(plain).not.toBe(200);
  });

  it('takes batches over MQTT over secure WebSocket (what the phone page uses when served over HTTPS)', async () => {
    const token = running.service.registry.create('tx-2').token;
    const client = await connectDevice(`wss://127.0.0.1:${running.service.httpPort}/mqtt`, 'tx-2', token, { ca });
    await client.publishAsync('posture/tx-2/imu', jsonBatch(0, 12), { qos: 1 });
    await client.endAsync();
    expect(running.service.journal.readAfter(0, 10).map((e) => `${e.deviceId}:${e.batch.seq}`)).toEqual(['tx-2:0']);
  });
});
