/**
 * Helpers for the live, export and report tests: the bootstrap admin, wearer accounts (each with its own
 * wearer profile and session), a device per wearer, and an SSE reader over a real socket.
 */
import { openScenario } from '@stance/firmware-sim';
import { encodeBinaryBatch } from '@stance/protocol';
import type { IngestService } from '../src/service.js';
import { ADMIN, analysed } from './device-helpers.js';

export interface WearerAccount {
  wearerId: string;
  token: string;
  headers: { authorization: string };
}

export interface AccountsApi {
  admin: { authorization: string };
  /** A wearer account (roles ['wearer']) signed in; its wearer profile has `name`. */
  wearer(email: string, name: string): Promise<WearerAccount>;
  /** Registers `deviceId` for `wearerId`; its MQTT token. */
  device(deviceId: string, wearerId: string): Promise<string>;
}

export async function accountsApi(service: IngestService): Promise<AccountsApi> {
  const { app } = service;
  const login = async (email: string, password: string): Promise<string> => {
    const reply = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
    if (reply.statusCode !== 200) throw new Error(`login ${email}: ${reply.statusCode} ${reply.body}`);
    return reply.json().token as string;
  };
  const admin = { authorization: `Bearer ${await login(ADMIN.email, ADMIN.password)}` };
  return {
    admin,
    async wearer(email, name) {
      const password = 'a long enough password 1';
      const created = await app.inject({ method: 'POST', url: '/api/accounts', headers: admin, payload: { email, password, name, roles: ['wearer'] } });
      if (created.statusCode !== 201) throw new Error(`account ${email}: ${created.statusCode} ${created.body}`);
      const token = await login(email, password);
      return { wearerId: created.json().wearerId as string, token, headers: { authorization: `Bearer ${token}` } };
    },
    async device(deviceId, wearerId) {
      const reply = await app.inject({ method: 'POST', url: '/api/devices', headers: admin, payload: { id: deviceId, wearerId } });
      if (reply.statusCode !== 201) throw new Error(`device ${deviceId}: ${reply.statusCode} ${reply.body}`);
      return reply.json().token as string;
    },
  };
}

export interface ReceivedEvent {
  event: string;
  data: unknown;
  /** `performance.now()` when the chunk holding it was read. */
  atMs: number;
}

export interface SseReader {
  status: number;
  contentType: string | null;
  /** The error body when the stream was refused. */
  body: unknown;
  events: ReceivedEvent[];
  comments: number;
  /** Resolves with the first event (from index `from`) that `match` accepts. */
  next(match: (e: ReceivedEvent) => boolean, timeoutMs?: number, from?: number): Promise<ReceivedEvent>;
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens `GET url` with fetch and parses the event stream as it arrives. */
export async function readSse(url: string, headers: Record<string, string>): Promise<SseReader> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const events: ReceivedEvent[] = [];
  let comments = 0;
  const waiters = new Set<() => void>();
  const reader: SseReader = {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: null,
    events,
    get comments() {
      return comments;
    },
    next(match, timeoutMs = 10_000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = events.slice(from).find(match);
          if (found === undefined) return false;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(found);
          return true;
        };
        const wake = (): void => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`no matching event within ${timeoutMs} ms (had ${events.length}: ${events.map((e) => e.event).join(',')})`));
        }, timeoutMs);
        if (!check()) waiters.add(wake);
      });
    },
    ended: Promise.resolve(),
    close: () => abort.abort(),
  };
  if (!response.ok || response.body === null) {
    reader.body = await response.json();
    return reader;
  }
  const body = response.body.pipeThrough(new TextDecoderStream());
  reader.ended = (async () => {
    let buffer = '';
    try {
      for await (const chunk of body) {
        const atMs = performance.now();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(':')) {
            comments++;
            continue;
          }
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          const data = /^data: (.*)$/m.exec(block)?.[1] ?? 'null';
          events.push({ event, data: JSON.parse(data), atMs });
        }
        for (const wake of [...waiters]) wake();
      }
    } catch {
      // aborted by close()
    }
  })();
  return reader;
}

/** A stretch of simulated wear: `scenario` from `startMs` (sensor clock) for `durationS`. */
export interface WornStretch {
  scenario: string;
  startMs: number;
  durationS: number;
  seed: number;
}

/**
 * Feeds each stretch through the service's real intake and analysis (`importBatches`, 25 Hz, 1000-sample
 * batches, a fresh seq per stretch as after a power-on), then waits for the analysis.
 */
export async function importWear(service: IngestService, deviceId: string, stretches: readonly WornStretch[]): Promise<void> {
  for (const s of stretches) {
    const stream = openScenario(s.scenario, { seed: s.seed, rateHz: 25, durationS: s.durationS, startMs: s.startMs });
    const payloads: Uint8Array[] = [];
    for (let seq = 0; ; seq++) {
      const block = stream.next(1000);
      if (block.count === 0) break;
      payloads.push(encodeBinaryBatch({ seq, t0Ms: block.t0Ms, hz: 25, count: block.count, acc: block.acc, gyr: block.gyr }));
    }
    await service.importBatches(deviceId, payloads);
  }
  await analysed(service);
}
