/**
 * The HTTP side of InfluxDB, kept to the two endpoints every version has in some form:
 *
 * - **write** (line protocol, ms precision): v1 `POST /write?db=&precision=ms` (InfluxDB 1.x, and the v1
 *   compatibility endpoint of 2.x and 3.x), or v2 `POST /api/v2/write?org=&bucket=&precision=ms` (2.x, 3.x,
 *   and 1.8+). `INFLUX_DB` picks v1, `INFLUX_ORG` + `INFLUX_BUCKET` pick v2.
 * - **query** (InfluxQL): `GET /query?db=&epoch=ms` with bound parameters. In v2 mode the database is the
 *   bucket name (2.x and 3.x map it through their DBRP mapping; on 1.8 a bucket is `db/rp`, so the part
 *   before the slash).
 *
 * Plain `fetch`, no client library: the outbox already does the buffering and retrying a client library
 * would otherwise do a second time, and one code path serves both APIs.
 */

export type InfluxApi = 'v1' | 'v2';

export interface InfluxConnectionSettings {
  /** Base URL, e.g. `http://127.0.0.1:8086`. */
  url: string;
  /** v1 database (selects the v1 API). */
  db: string | null;
  /** v2 organisation and bucket (the v2 write API, when `db` is not set). */
  org: string | null;
  bucket: string | null;
  /** v2 token (`Authorization: Token`), or `user:password` with the v1 API (`Authorization: Basic`). */
  token: string | null;
  /** Longest one request may take before it counts as failed, ms. */
  requestTimeoutMs: number;
}

/** A failed request: `status` 0 when the server was not reached or did not answer in time. */
export class InfluxRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** Worth retrying as is: the server is down, slow, overloaded, or refuses us for a reason an operator can fix. */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'InfluxRequestError';
  }
}

export interface InfluxSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

export interface InfluxClient {
  readonly api: InfluxApi;
  /** Writes line-protocol text; resolves when the server acknowledged it (204). */
  write(body: string): Promise<void>;
  /** One InfluxQL statement with `$name` parameters; the series of its result. */
  query(influxql: string, params?: Record<string, string | number>): Promise<InfluxSeries[]>;
  /** `CREATE DATABASE` (v1 only; idempotent). False when the server would not (no permission, v2 mode). */
  ensureDatabase(): Promise<boolean>;
  /** The server answers `/ping`. */
  ping(): Promise<boolean>;
}

export function createInfluxClient(settings: InfluxConnectionSettings): InfluxClient {
  const api: InfluxApi = settings.db !== null ? 'v1' : 'v2';
  const base = settings.url.replace(/\/+$/, '');
  const queryDb = settings.db ?? (settings.bucket ?? '').split('/')[0] ?? '';
  const headers: Record<string, string> = {};
  if (settings.token !== null) {
    const basic = api === 'v1' && settings.token.includes(':');
    headers.authorization = basic ? `Basic ${Buffer.from(settings.token).toString('base64')}` : `Token ${settings.token}`;
  }
  const writeUrl = api === 'v1'
    ? `${base}/write?${new URLSearchParams({ db: settings.db ?? '', precision: 'ms' })}`
    : `${base}/api/v2/write?${new URLSearchParams({ org: settings.org ?? '', bucket: settings.bucket ?? '', precision: 'ms' })}`;

  const request = async (url: string, init: RequestInit): Promise<Response> => {
    try {
      return await fetch(url, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) }, signal: AbortSignal.timeout(settings.requestTimeoutMs) });
    } catch (error) {
      const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new InfluxRequestError(`InfluxDB at ${base} not reached: ${reason}`, 0, true);
    }
  };

  const failure = async (what: string, response: Response): Promise<InfluxRequestError> => {
    const text = (await response.text().catch(() => '')).slice(0, 500);
    const status = response.status;
    let hint = '';
    if (status === 404 && api === 'v2' && what === 'write') hint = ' (no /api/v2/write: InfluxDB before 1.8 has only the v1 API; set INFLUX_DB)';
    if (status === 404 && api === 'v1') hint = ` (database ${JSON.stringify(settings.db)} missing?)`;
    // 5xx, 429 (busy), 408, and 401/403/404 (credentials or database an operator can still fix) are retried;
    // 400 (a line the server will never take), 413 (too large) and the rest are not retried as they are.
    const retryable = status >= 500 || [401, 403, 404, 408, 429].includes(status);
    return new InfluxRequestError(`InfluxDB ${what} answered ${status}${hint}: ${text.trim()}`, status, retryable);
  };

  const query = async (influxql: string, params: Record<string, string | number> = {}, method: 'GET' | 'POST' = 'GET') => {
    const search = new URLSearchParams({ db: queryDb, epoch: 'ms', q: influxql });
    if (Object.keys(params).length > 0) search.set('params', JSON.stringify(params));
    const response = method === 'GET'
      ? await request(`${base}/query?${search}`, { method })
      : await request(`${base}/query`, { method, body: search, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    if (!response.ok) throw await failure('query', response);
    const json = (await response.json()) as { error?: string; results?: { error?: string; series?: InfluxSeries[] }[] };
    const error = json.error ?? json.results?.[0]?.error;
    // Nothing delivered yet (the database is created with the first write): an empty answer, not a failure.
    if (error !== undefined && /^database not found/.test(error)) return [];
    if (error !== undefined) throw new InfluxRequestError(`InfluxDB query failed: ${error}`, 400, false);
    return json.results?.[0]?.series ?? [];
  };

  return {
    api,
    async write(body) {
      const response = await request(writeUrl, { method: 'POST', body, headers: { 'content-type': 'text/plain; charset=utf-8' } });
      if (response.status !== 204 && response.status !== 200) throw await failure('write', response);
      await response.arrayBuffer().catch(() => undefined);
    },
    query: (influxql, params) => query(influxql, params),
    async ensureDatabase() {
      if (api !== 'v1') return false;
      try {
        await query(`CREATE DATABASE "${(settings.db ?? '').replace(/["\\]/g, (c) => `\\${c}`)}"`, {}, 'POST');
        return true;
      } catch {
        return false;
      }
    },
    async ping() {
      try {
        const response = await request(`${base}/ping`, { method: 'GET' });
        await response.arrayBuffer().catch(() => undefined);
        return response.status === 204 || response.status === 200;
      } catch {
        return false;
      }
    },
  };
}
