import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../schemas/common.ts';
import { SessionIdParams } from '../sessions/schemas.ts';
import type { SessionService } from '../sessions/service.ts';
import { MAX_ADVANCE_SECONDS, type TestClockService } from './service.ts';

const ClockOut = Type.Object({
  business_id: Type.String(),
  now: Type.String({ format: 'date-time', description: "The business's now: real time plus its offset" }),
  offset_seconds: Type.Number({ description: 'How far the business clock is ahead of real time' }),
});
const AdvanceIn = Type.Object(
  { seconds: Type.Integer({ minimum: 1, maximum: MAX_ADVANCE_SECONDS, description: 'How far to move the clock forward (never backward), in seconds' }) },
  // 31 minutes (a default session's expiry has passed), 25 hours (every webhook retry is due).
  { additionalProperties: false, examples: [{ seconds: 1860 }, { seconds: 90_000 }] },
);

/**
 * Test helpers (Lunas extension, docs/compatibility.md "Test clock"): the business clock and
 * forcing a session's expiry. Registered only while LUNAS_TEST_CLOCK is on; off, they are 404.
 */
export function testClockRoutes(app: FastifyInstance, deps: { testClock: TestClockService; sessions: SessionService; onAdvance: () => void }): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['test helpers'];

  api.get('/test_helpers/clock', { schema: { summary: "The business's test clock (Lunas extension)", tags, response: { 200: ClockOut, ...errorResponses(401, 403) } } }, async (request) =>
    deps.testClock.show(request.business.id),
  );

  api.post(
    '/test_helpers/clock/advance',
    { schema: { summary: "Move the business's test clock forward (Lunas extension)", tags, body: AdvanceIn, response: { 200: ClockOut, ...errorResponses(400, 401, 403, 413, 415) } } },
    async (request) => {
      const moved = await deps.testClock.advance(request.business.id, request.body.seconds);
      // What fell due (sessions, payment requests, retries) happens now, not at the next tick.
      deps.onAdvance();
      return moved;
    },
  );

  api.post(
    '/sessions/:session_id/expire',
    { schema: { summary: 'Expire an ACTIVE session now (Lunas test helper)', tags: ['sessions', ...tags], params: SessionIdParams, response: { 200: Type.Ref('SessionOut'), ...errorResponses(400, 401, 403, 404, 422) } } },
    async (request) => deps.sessions.expireNow(request.business.id, request.params.session_id),
  );
}
