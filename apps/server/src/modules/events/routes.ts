import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/store.ts';
import { ApiError } from '../../errors.ts';
import { AnyJson, errorResponses } from '../../schemas/common.ts';

/**
 * Lunas extension: `GET /events`, the business's outbox, newest first: every event a state
 * change recorded, with the webhook `data` it carries. Filters: `type`, `subject_id` (the
 * session, payment, payment request, token or refund the event is about).
 */
const EventListQuery = Type.Object({
  type: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z_]+\\.[a-z_]+$' })),
  subject_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  after_id: Type.Optional(Type.String({ pattern: '^evt_[0-9a-f-]{36}$' })),
});

const EventOut = Type.Object({
  id: Type.String(),
  event: Type.String(),
  business_id: Type.String(),
  subject_id: Type.String(),
  created: Type.String(),
  data: AnyJson,
});

export function eventRoutes(app: FastifyInstance, db: Db): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/events',
    {
      schema: {
        summary: 'List recorded events (Lunas extension)',
        tags: ['events'],
        querystring: EventListQuery,
        response: { 200: Type.Object({ data: Type.Array(EventOut), has_more: Type.Boolean() }), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { type, subject_id, after_id } = request.query;
      const limit = request.query.limit ?? 20;
      let query = db.selectFrom('events').selectAll().where('business_id', '=', request.business.id);
      if (type) query = query.where('type', '=', type);
      if (subject_id) query = query.where('subject_id', '=', subject_id);
      if (after_id) {
        const cursor = await db.selectFrom('events').select('seq').where('id', '=', after_id).where('business_id', '=', request.business.id).executeTakeFirst();
        if (!cursor) throw new ApiError(404, 'DATA_NOT_FOUND', 'Event not found');
        query = query.where('seq', '<', cursor.seq);
      }
      const rows = await query.orderBy('seq', 'desc').limit(limit + 1).execute();
      return {
        data: rows.slice(0, limit).map((row) => ({ id: row.id, event: row.type, business_id: row.business_id, subject_id: row.subject_id, created: row.created, data: JSON.parse(row.payload) })),
        has_more: rows.length > limit,
      };
    },
  );
}
