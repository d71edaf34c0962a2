/**
 * The demo's seeding (demo/): worn sessions clipped to a window, the history going through the real pipeline
 * (episodes and rollups exist afterwards), the coach seeing the three wearers, and a second run reusing the
 * accounts and importing nothing new.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestService, DEFAULT_INGEST_SETTINGS, type IngestService } from '@stance/ingest';
import { DEMO_ADMIN, DEMO_COACH, DEMO_PASSWORD } from '../demo/demo-people.js';
import { seedDemo } from '../demo/demo-seed.js';
import { injectApi } from '../demo/inject-api.js';
import { clipSession, type WornSession } from '../demo/simulated-history.js';

describe('clipSession', () => {
  const session: WornSession = {
    startMs: 1_000_000,
    seed: 1,
    parts: [{ scenario: 'desk-day', durationS: 600 }, { scenario: 'walk', durationS: 300 }, { scenario: 'desk-day', durationS: 600 }],
  };

  it('keeps a session inside the window whole', () => {
    expect(clipSession(session, 0, 1e12)).toEqual(session);
  });

  it('cuts the front and the end, dropping parts too short to matter', () => {
    // From 10 min 30 s in (the walk's 30th second) to 25 min - 30 s (30 s before the end).
    const clipped = clipSession(session, 1_000_000 + 630_000, 1_000_000 + 1_470_000);
    expect(clipped).toEqual({
      startMs: 1_000_000 + 630_000,
      seed: 1,
      parts: [{ scenario: 'walk', durationS: 270 }, { scenario: 'desk-day', durationS: 570 }],
    });
    // A window holding 30 s of the walk only: nothing worth importing.
    expect(clipSession(session, 1_000_000 + 600_000, 1_000_000 + 630_000)).toBeNull();
  });
});

describe('demo seeding', () => {
  let service: IngestService;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stance-demo-'));
    service = await createIngestService({
      ...DEFAULT_INGEST_SETTINGS, host: '127.0.0.1', httpPort: 0, mqttPort: 0, logLevel: 'silent', dataDir,
      adminEmail: DEMO_ADMIN.email, adminPassword: DEMO_PASSWORD,
    });
    await service.start();
  });

  afterAll(async () => {
    await service?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds two days through the pipeline, and a second run reuses them', async () => {
    const nowMs = Date.now();
    const lines: string[] = [];
    const first = await seedDemo(service, { days: 2, nowMs, log: (line) => lines.push(line) });
    expect(first.created).toBe(true);
    expect(first.batches).toBeGreaterThan(0);
    expect(lines.filter((l) => l.includes('skipped'))).toEqual([]);

    const api = injectApi(service);
    const coach = await api.login(DEMO_COACH.email, DEMO_PASSWORD);
    const list = await api.call<{ wearers: { id: string; name: string; thisWeek: { wornS: number } }[] }>(coach.token, 'GET', '/api/coach/wearers');
    expect(list.wearers.map((w) => w.name).sort()).toEqual(['Ada Lovelace', 'Ben Okafor', 'Cleo Martin']);
    const ada = first.state.wearers.find((w) => w.key === 'ada');
    const episodes = await api.call<{ episodes: unknown[] }>(coach.token, 'GET', `/api/wearers/${ada?.wearerId}/episodes?from=${nowMs - 3 * 86_400_000}&to=${nowMs}`);
    expect(episodes.episodes.length).toBeGreaterThan(0);
    const notes = await api.call<{ notes: unknown[] }>(coach.token, 'GET', `/api/wearers/${ada?.wearerId}/notes`);
    expect(notes.notes.length).toBe(2);

    const again = await seedDemo(service, { days: 2, nowMs, log: () => undefined });
    expect(again.created).toBe(false);
    expect(again.batches).toBe(0);
    expect(again.state).toEqual(first.state);
  });
});
