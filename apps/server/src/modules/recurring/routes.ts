import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { commitHook } from '../../plugins/idempotency.ts';
import { errorResponses } from '../../schemas/common.ts';
import type { RecurringPlans } from './plans.ts';
import { CycleParams, CycleUpdateIn, PlanParams } from './schemas.ts';

const PlanOut = Type.Ref('RecurringPlanOut');
const CycleOut = Type.Ref('RecurringCycleOut');

/** The Recurring API as far as SUBSCRIPTION sessions need it (Xendit's paths and shapes). */
export function recurringRoutes(app: FastifyInstance, plans: RecurringPlans): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['recurring'];
  api.get(
    '/recurring/plans/:id',
    { schema: { summary: 'Get a recurring plan', tags, params: PlanParams, response: { 200: PlanOut, ...errorResponses(400, 401, 404) } } },
    async (request) => plans.get(request.business.id, request.params.id),
  );
  api.post(
    '/recurring/plans/:id/deactivate',
    { schema: { summary: 'Deactivate a recurring plan', tags, params: PlanParams, response: { 200: PlanOut, ...errorResponses(400, 401, 404) } } },
    async (request) => plans.deactivate(request.business.id, request.params.id, commitHook(request)),
  );
  api.get(
    '/recurring/plans/:id/cycles',
    { schema: { summary: "List a recurring plan's cycles", tags, params: PlanParams, response: { 200: Type.Array(CycleOut), ...errorResponses(400, 401, 404) } } },
    async (request) => plans.listCycles(request.business.id, request.params.id),
  );
  api.get(
    '/recurring/plans/:plan_id/cycles/:id',
    { schema: { summary: 'Get a recurring cycle', tags, params: CycleParams, response: { 200: CycleOut, ...errorResponses(400, 401, 404) } } },
    async (request) => plans.getCycle(request.business.id, request.params.plan_id, request.params.id),
  );
  api.patch(
    '/recurring/plans/:plan_id/cycles/:id',
    { schema: { summary: "Change a cycle's amount before it is charged", tags, params: CycleParams, body: CycleUpdateIn, response: { 200: CycleOut, ...errorResponses(400, 401, 404) } } },
    async (request) => plans.updateCycleAmount(request.business.id, request.params.plan_id, request.params.id, request.body.amount),
  );
}
