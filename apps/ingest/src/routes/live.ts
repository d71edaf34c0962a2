/**
 * `GET /api/wearers/:id/live`: the wearer's live posture as server-sent events (live/live-hub.ts says which).
 * Authorised by the `Authorization` header like every route (the dashboard reads the stream with fetch, since
 * EventSource cannot send one). The stream opens with the snapshot; a refusal before it (401, 403, 404, 429
 * LIVE_STREAM_LIMIT) is an ordinary JSON error. At every keep-alive the session and the access are checked
 * again, so a stream ends soon after a log-out or a withdrawn coach assignment.
 */
import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../auth/accounts.js';
import { maySeeWearer } from '../auth/access-rules.js';
import { principalOf } from '../auth/authenticate-request.js';
import { stanceError } from '../errors.js';
import type { LiveHub, LiveSink, LiveSubscription } from '../live/live-hub.js';
import { openSseConnection, type SseConnection } from '../live/sse-connection.js';
import type { PostureStore } from '../store/store-port.js';
import { authErrors, errorSchema, wearerIdParams } from './api-parts.js';
import { wearerOf } from './wearer-of.js';

export interface LiveRouteParts {
  hub: LiveHub;
  store: PostureStore;
  accounts: Accounts;
}

const EVENTS_DESCRIPTION = [
  'A `text/event-stream`. Events (each `data` is one JSON line):',
  '`snapshot` `{point|null, state: {state, since}|null, devices: [{id, online, battery, lastSeenMs}]}` first;',
  '`point` `{t, flexionDeg, lateralDeg, activity, posture}` each second;',
  "`state` `{state: 'upright'|'slouched'|'moving'|'walking'|'lying'|'not_worn'|'offline', since}` on a change;",
  '`alert` `{deviceId, buzzMs, slouchStartMs, outcome, repeat}` at a buzz and when it resolves;',
  '`status` `{deviceId, online, battery}`. A comment line every 15 s keeps the stream open.',
].join(' ');

export function liveRoutes(parts: LiveRouteParts) {
  const { hub, store, accounts } = parts;
  return async function plugin(app: FastifyInstance): Promise<void> {
    const open = new Set<SseConnection>();
    // Open streams would keep the server from closing: end them first.
    app.addHook('preClose', async () => {
      for (const connection of open) connection.close('server');
    });

    app.get<{ Params: { id: string } }>('/api/wearers/:id/live', {
      config: { access: 'wearer' },
      schema: {
        summary: "The wearer's live posture (server-sent events)",
        description: EVENTS_DESCRIPTION,
        params: wearerIdParams,
        response: {
          200: { description: EVENTS_DESCRIPTION, content: { 'text/event-stream': { schema: { type: 'string' } } } },
          ...authErrors,
          429: errorSchema,
        },
      },
    }, async (request, reply) => {
      const principal = principalOf(request);
      const { id } = request.params;
      wearerOf(store, id);
      const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
      const stillAllowed = (): boolean => {
        try {
          return maySeeWearer(accounts.authenticate(token), id);
        } catch {
          return false;
        }
      };

      let connection: SseConnection | null = null;
      let subscription: LiveSubscription | null = null;
      // The stream opens with the first event (the snapshot), so a refusal in `subscribe` is still a JSON error.
      const sink: LiveSink = {
        send(event, data) {
          if (connection === null) {
            reply.hijack();
            connection = openSseConnection(reply.raw, {
              heartbeatMs: hub.settings.heartbeatS * 1000,
              maxQueuedBytes: hub.settings.maxQueuedBytes,
              stillAllowed,
              onClose: (reason) => {
                subscription?.unsubscribe();
                if (connection !== null) open.delete(connection);
                request.log.debug({ wearerId: id, reason }, 'live stream closed');
              },
            });
            open.add(connection);
          }
          return connection.send(event, data);
        },
      };
      subscription = await hub.subscribe(id, principal.accountId, sink);
      // Assigned by the sink (TypeScript cannot see that through the closure).
      const opened = connection as SseConnection | null;
      if (opened === null) throw stanceError('INTERNAL'); // subscribe always sends the snapshot
      // The client left while the snapshot was read: its 'close' came before the stream listened for it.
      if (request.raw.socket?.destroyed === true || reply.raw.destroyed) opened.close('client');
      return reply;
    });
  };
}
