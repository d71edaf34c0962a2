/** The same device over MQTT over WebSocket (HTTP server path) and over TLS (when a certificate is set). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, jsonBatch, startService, tempDir, type RunningService } from './helpers.js';

describe('broker transports', () => {
  let running: RunningService;
  let token: string;
  let certDir: string;
  beforeAll(async () => {
    certDir = tempDir('stance-cert-');
    const cert = path.join(certDir, 'cert.pem');
    const key = path.join(certDir, 'key.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
    ], { stdio: 'ignore' });
    running = await startService({ tlsCertFile: cert, tlsKeyFile: key, mqttTlsPort: 0 });
    token = running.service.registry.create('tx-1').token;
  });
  afterAll(async () => {
    await running.stop();
    fs.rmSync(certDir, { recursive: true, force: true });
  });

  it('takes batches over WebSocket on /mqtt', async () => {
    const client = await connectDevice(`ws://127.0.0.1:${running.service.httpPort}/mqtt`, 'tx-1', token);
    await client.publishAsync('posture/tx-1/imu', jsonBatch(0, 12), { qos: 1 });
    await client.endAsync();
    expect(running.service.journal.readAfter(0, 10).map((e) => e.batch.seq)).toEqual([0]);
  });

  it('takes batches over TLS, verified against the certificate', async () => {
    const port = running.service.broker.tlsPort;
    expect(port).not.toBeNull();
    const client = await connectDevice(`mqtts://127.0.0.1:${port}`, 'tx-1', token, {
      ca: fs.readFileSync(path.join(certDir, 'cert.pem')),
    });
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
