/**
 * The service's own HTTP API, called in-process through Fastify's `inject` (no sockets): the demo and the
 * browser harness create accounts, devices and notes exactly as a client would, so the routes' checks apply.
 */
import type { IngestService } from '@stance/ingest';

export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A refused call: the status and the catalogue code of the error body. */
export class InjectApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'InjectApiError';
  }
}

export interface InjectApi {
  /** POST /api/auth/login; answers the session token and the user. */
  login(email: string, password: string): Promise<{ token: string; user: { id: string; wearerId: string | null } }>;
  /** One call as `token` (null: none); throws InjectApiError on a non-2xx answer. */
  call<T = unknown>(token: string | null, method: ApiMethod, url: string, body?: unknown): Promise<T>;
}

export function injectApi(service: IngestService): InjectApi {
  const call = async <T>(token: string | null, method: ApiMethod, url: string, body?: unknown): Promise<T> => {
    const res = await service.app.inject({
      method,
      url,
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    if (res.statusCode >= 300) {
      let code = `HTTP_${res.statusCode}`;
      try {
        code = (res.json() as { error?: { code?: string } }).error?.code ?? code;
      } catch {
        /* not JSON: the status code says it */
      }
      throw new InjectApiError(res.statusCode, code, `${method} ${url} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
    }
    return (res.body === '' ? undefined : res.json()) as T;
  };
  return {
    login: (email, password) => call(null, 'POST', '/api/auth/login', { email, password }),
    call,
  };
}
