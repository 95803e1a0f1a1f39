import { Ajv, type Options } from 'ajv';
import addFormatsImport from 'ajv-formats';
import type { FastifyInstance, FastifyRequest, preValidationHookHandler } from 'fastify';
import type { FastifyValidationResult } from 'fastify/types/schema.js';
import secureJson from 'secure-json-parse';
import { ApiError, Errors } from '../errors.ts';
import { validateOnFirstUse } from './lazy-compilers.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan, refuseNul, tooDeep } from './input-guard.ts';

const addFormats = addFormatsImport as unknown as (ajv: Ajv) => Ajv;

/**
 * Request parsing and validation.
 * - Bodies are validated strictly: no type coercion (an amount sent as "10000" is an error,
 *   as in Xendit), all errors reported. Query strings and params are text by nature, so
 *   their validator coerces ("limit=5" → 5).
 * - JSON is parsed with prototype-poisoning protection; an empty body reads as absent, so a
 *   body-less POST such as /cancel works whatever Content-Type the client library sets.
 * - A body whose schema requires nothing is optional: none at all, an empty one, or one sent
 *   without a Content-Type reads as `{}` (`POST /events/{id}/resend` resends to every
 *   endpoint). Decided here once, from each route's schema, not route by route.
 */
export function validation(app: FastifyInstance, bodyLimit: number): void {
  const common: Options = { allErrors: true, strict: false, removeAdditional: false, useDefaults: true };
  const bodyAjv = addFormats(new Ajv({ ...common, coerceTypes: false }));
  const textAjv = addFormats(new Ajv({ ...common, coerceTypes: 'array' }));
  for (const ajv of [bodyAjv, textAjv]) {
    ajv.addKeyword({ keyword: 'example' }).addKeyword({ keyword: 'summary' });
    // ajv-formats' date-time admits a leap second (23:59:60), which no JavaScript Date can hold:
    // `new Date('2024-06-30T23:59:60Z')` is Invalid Date and its toISOString() threw a 500.
    const rfc3339 = ajv.formats['date-time'] as { validate: (text: string) => boolean } | ((text: string) => boolean);
    const syntax = typeof rfc3339 === 'function' ? rfc3339 : rfc3339.validate;
    ajv.addFormat('date-time', { type: 'string', validate: (text: string) => syntax(text) && !Number.isNaN(Date.parse(text)) });
  }

  // NULs anywhere in params, query or body (input-guard.ts); before the routes' own hooks.
  app.addHook('preValidation', async (request) => refuseNul(request));

  app.addHook('onRoute', (route) => {
    if (!bodyIsOptional(route.schema?.body)) return;
    const earlier = route.preValidation === undefined ? [] : Array.isArray(route.preValidation) ? route.preValidation : [route.preValidation];
    route.preValidation = [...earlier, absentBodyAsEmpty as preValidationHookHandler];
  });

  // Compiled at each route's first request, not at start (lazy-compilers.ts).
  app.setValidatorCompiler(({ schema, httpPart }) => validateOnFirstUse(() => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema)) as FastifyValidationResult);

  // The merchant API speaks JSON only; any other body type is a clear 415, not a confusing schema error.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) return done(tooDeep() as ApiError & Error, undefined);
    try {
      done(null, secureJson.parse(text, undefined, { protoAction: 'remove', constructorAction: 'remove' }));
    } catch {
      done(Errors.malformedJson() as ApiError & Error, undefined);
    }
  });
}

/** An object schema with no required property: `{}` is a valid body, so no body means `{}`. */
export function bodyIsOptional(schema: unknown): boolean {
  if (typeof schema !== 'object' || schema === null) return false;
  const { type, required } = schema as { type?: unknown; required?: unknown };
  return type === 'object' && (!Array.isArray(required) || required.length === 0);
}

async function absentBodyAsEmpty(request: FastifyRequest): Promise<void> {
  if (request.body === undefined) request.body = {};
}
