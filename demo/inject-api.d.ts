/**
 * The service's own HTTP API, called in-process through Fastify's `inject` (no sockets): the demo and the
 * browser harness create accounts, devices and notes exactly as a client would, so the routes' checks apply.
 */
import type { IngestService } from '@stance/ingest';
export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** A refused call: the status and the catalogue code of the error body. */
export declare class InjectApiError extends Error {
    readonly status: number;
    readonly code: string;
    constructor(status: number, code: string, message: string);
}
export interface InjectApi {
    /** POST /api/auth/login; answers the session token and the user. */
    login(email: string, password: string): Promise<{
        token: string;
        user: {
            id: string;
            wearerId: string | null;
        };
    }>;
    /** One call as `token` (null: none); throws InjectApiError on a non-2xx answer. */
    call<T = unknown>(token: string | null, method: ApiMethod, url: string, body?: unknown): Promise<T>;
}
export declare function injectApi(service: IngestService): InjectApi;
