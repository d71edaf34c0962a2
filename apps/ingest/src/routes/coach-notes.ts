/**
 * Coach notes on a wearer or one of their days: the wearer and their coaches read
 * (`GET /api/wearers/:id/notes?from&to`, newest first; without a range, all), coaches write
 * (`POST` {text, day?} → 201, day = 'YYYY-MM-DD' local) and delete their own (an admin any):
 * `DELETE /api/wearers/:id/notes/:noteId` → 204.
 */
import type { FastifyInstance } from 'fastify';
import { isAdmin } from '../auth/access-rules.js';
import { principalOf } from '../auth/authenticate-request.js';
import { notesInRange, type CoachNote } from '../coaching/coach-notes.js';
import { localDateStartMs } from '../insights/local-calendar.js';
import { stanceError } from '../errors.js';
import { authErrors, wearerIdParams, wearerItemParams } from './api-parts.js';
import { optionalRangeOf, optionalRangeQuerySchema, type RangeQuery } from './range-query.js';
import type { ResourceContext } from './resource-context.js';

const noteSchema = {
  type: 'object',
  required: ['id', 'authorName', 'day', 'text', 'createdMs'],
  properties: {
    id: { type: 'string' },
    authorName: { type: ['string', 'null'] },
    day: { type: ['string', 'null'] },
    text: { type: 'string' },
    createdMs: { type: 'integer' },
  },
} as const;

function noteView(n: CoachNote) {
  return { id: n.id, authorName: n.authorName, day: n.day, text: n.text, createdMs: n.createdMs };
}

export function coachNoteRoutes(ctx: ResourceContext) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get<{ Params: { id: string }; Querystring: Partial<RangeQuery> }>('/api/wearers/:id/notes', {
      config: { access: 'wearer' },
      schema: {
        params: wearerIdParams,
        querystring: optionalRangeQuerySchema,
        response: { 200: { type: 'object', required: ['notes'], properties: { notes: { type: 'array', items: noteSchema } } }, ...authErrors },
      },
    }, async (request) => {
      const wearer = ctx.wearerOf(request.params.id);
      const range = optionalRangeOf(request.query);
      const notes = ctx.notes.list(wearer.id);
      return { notes: (range === null ? notes : notesInRange(notes, range, wearer.utcOffsetMin)).map(noteView) };
    });

    app.post<{ Params: { id: string }; Body: { text: string; day?: string } }>('/api/wearers/:id/notes', {
      config: { access: 'coach' },
      schema: {
        params: wearerIdParams,
        body: {
          type: 'object',
          required: ['text'],
          additionalProperties: false,
          properties: { text: { type: 'string', minLength: 1, maxLength: 5000 }, day: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } },
        },
        response: { 201: noteSchema, ...authErrors },
      },
    }, async (request, reply) => {
      const wearer = ctx.wearerOf(request.params.id);
      const { text, day } = request.body;
      if (text.trim() === '') throw stanceError('REQUEST_INVALID', { reason: 'the note is empty' });
      if (day !== undefined && localDateStartMs(day, wearer.utcOffsetMin) === null) {
        throw stanceError('REQUEST_INVALID', { reason: `${day} is not a date` });
      }
      const note = ctx.notes.add(wearer.id, principalOf(request).accountId, text.trim(), day ?? null, ctx.now());
      return reply.code(201).send(noteView(note));
    });

    app.delete<{ Params: { id: string; noteId: string } }>('/api/wearers/:id/notes/:noteId', {
      config: { access: 'coach' },
      schema: { params: wearerItemParams('noteId'), response: { 204: { type: 'null' }, ...authErrors } },
    }, async (request, reply) => {
      const wearer = ctx.wearerOf(request.params.id);
      const note = ctx.notes.get(wearer.id, request.params.noteId);
      if (note === null) throw stanceError('NOTE_NOT_FOUND', { id: request.params.noteId });
      const principal = principalOf(request);
      if (note.authorAccountId !== principal.accountId && !isAdmin(principal)) {
        throw stanceError('FORBIDDEN', { reason: 'a note is deleted by its author or an administrator' });
      }
      ctx.notes.remove(wearer.id, note.id);
      return reply.code(204).send();
    });
  };
}
