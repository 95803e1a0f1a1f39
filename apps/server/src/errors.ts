import type { FastifyError, FastifyInstance } from 'fastify';
import type { ErrorObject } from 'ajv';
import { isStoreUnavailable } from './db/unavailable.ts';

/**
 * The one error catalogue: every error Lunas answers with, its Xendit `error_code` and HTTP
 * status. Services throw `ApiError`s built here; the one error handler below turns them (and
 * everything Fastify or AJV raise) into Xendit's body `{error_code, message, errors?}`.
 */
export interface FieldError {
  message: string;
  path: string;
}

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorCode: string,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
  }

  toBody(): { error_code: string; message: string; errors?: FieldError[] } {
    return this.errors ? { error_code: this.errorCode, message: this.message, errors: this.errors } : { error_code: this.errorCode, message: this.message };
  }
}

const bad = (code: string) => (message: string) => new ApiError(400, code, message);

export const Errors = {
  validation: (message: string, errors: FieldError[]) => new ApiError(400, 'API_VALIDATION_ERROR', message, errors),
  /** A single-field rule that JSON Schema cannot express, reported like a schema error. */
  fieldInvalid: (path: string, message: string) => new ApiError(400, 'API_VALIDATION_ERROR', `request${path} ${message}`, [{ message, path }]),
  /** Card data outside a CARDS attempt's card_details would be stored and echoed in clear text. */
  cardDataOffCards: (path: string) =>
    new ApiError(400, 'API_VALIDATION_ERROR', `request${path} is not allowed: card_details (card number, CVN) belong to the CARDS channel only`, [
      { message: 'is not allowed: card_details (card number, CVN) belong to the CARDS channel only', path },
    ]),
  invalidAmount: bad('INVALID_AMOUNT'),
  invalidCurrency: (currency: string) => new ApiError(400, 'INVALID_CURRENCY', `Currency ${currency} is not supported`),
  invalidCountry: (country: string) => new ApiError(400, 'INVALID_COUNTRY', `Country ${country} is not supported`),
  invalidCustomerId: () => new ApiError(400, 'INVALID_CUSTOMER_ID', 'Customer ID must start with "cust-"'),
  invalidUrl: (field: string) => new ApiError(400, 'INVALID_URL', `Please provide a valid HTTPS URL for ${field}`),
  missingCustomer: () => new ApiError(400, 'MISSING_CUSTOMER', 'Customer object or customer_id is required'),
  disallowedCaptureMethod: (sessionType: string) =>
    new ApiError(400, 'DISALLOWED_CAPTURE_METHOD', `Capture method is not supported for session type ${sessionType}`),
  invalidExpiryDate: bad('INVALID_EXPIRY_DATE'),
  itemsNotSupported: () => new ApiError(400, 'ITEMS_NOT_SUPPORTED', 'Items are allowed for session type PAY only'),
  sessionTypeNotSupported: (sessionType: string, why = 'is not supported for now') =>
    new ApiError(400, 'SESSION_TYPE_NOT_SUPPORTED', `session_type ${sessionType} ${why}`),
  modeNotSupported: (mode: string, why = 'is not supported for now') => new ApiError(400, 'MODE_NOT_SUPPORTED', `mode ${mode} ${why}`),
  invalidMetadata: bad('INVALID_METADATA'),
  invalidItemMetadata: bad('INVALID_ITEM_METADATA'),
  invalidPaymentChannel: bad('INVALID_PAYMENT_CHANNEL'),
  invalidPrimaryPaymentChannel: (channel: string) =>
    new ApiError(400, 'INVALID_PRIMARY_PAYMENT_CHANNEL', `Primary channel ${channel} is not included in the requested channels`),
  invalidApiKey: () => new ApiError(401, 'INVALID_API_KEY', 'API key is not authorized for this API'),
  forbiddenForUser: () =>
    new ApiError(403, 'REQUEST_FORBIDDEN_ERROR', 'The API key is not allowed to act for the user in the for-user-id header'),
  subAccountCannotNest: () =>
    new ApiError(403, 'REQUEST_FORBIDDEN_ERROR', 'A sub-account cannot have sub-accounts: create accounts with the platform business\'s key, without for-user-id'),
  /** A dashboard request that changes state without the sign-in's CSRF token (modules/dashboard). */
  csrfTokenInvalid: () => new ApiError(403, 'REQUEST_FORBIDDEN_ERROR', 'A dashboard request that changes state must carry the sign-in\'s x-csrf-token header'),
  sessionNotFound: () => new ApiError(404, 'NOT_FOUND', 'Session not found'),
  keyNotFound: () => new ApiError(404, 'DATA_NOT_FOUND', 'API key not found'),
  accountNotFound: () => new ApiError(404, 'DATA_NOT_FOUND', 'Account not found'),
  customerNotFound: () => new ApiError(404, 'DATA_NOT_FOUND', 'The customer ID provided in the request does not exist'),
  /** The event stream was asked to resume after an event the business does not have (a reset store, another business's id). */
  streamEventNotFound: () => new ApiError(404, 'DATA_NOT_FOUND', 'Last-Event-ID names no event of this business: resume from an id the stream sent, or connect without it to get new events'),
  routeNotFound: (method: string, url: string) => new ApiError(404, 'NOT_FOUND', `Route ${method} ${url} does not exist`),
  duplicateCustomer: () =>
    new ApiError(409, 'DUPLICATE_ERROR', 'customer: The reference_id entered has been used before. Please enter a unique reference_id'),
  idempotencyMismatch: () =>
    new ApiError(409, 'IDEMPOTENCY_ERROR', 'Idempotency key has been used before with a different request body.'),
  idempotencyInFlight: () =>
    new ApiError(409, 'IDEMPOTENCY_ERROR', 'A request with this idempotency key is still being processed. Retry after it completes.'),
  /** Revoking it would lock the business out of the API, and only the store could let it back in. */
  lastActiveKey: () =>
    new ApiError(409, 'LAST_ACTIVE_KEY', 'This is the business\'s last active secret key. Create another key first (POST /keys), then revoke this one.'),
  invalidSessionStatus: (status: string) => new ApiError(422, 'INVALID_SESSION_STATUS', `Session status is ${status}, expecting ACTIVE`),
  malformedJson: () => new ApiError(400, 'API_VALIDATION_ERROR', 'request/body is not valid JSON', [{ message: 'is not valid JSON', path: '/body' }]),
  bodyTooLarge: (limit: number) => new ApiError(413, 'PAYLOAD_TOO_LARGE', `Request body is larger than ${limit} bytes`),
  unsupportedMediaType: (type: string | undefined) =>
    new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `Content-Type ${type ?? '(none)'} is not supported; send application/json`),
  /**
   * A session names a components_sdk_key pair the store does not hold (removed, or a store
   * restored without it): the browser must start again with a new session, nothing else helps.
   */
  unknownSdkKey: () =>
    new ApiError(400, 'INVALID_PAYMENT_DETAILS', 'The card details could not be read: this checkout session uses a key this server does not have; start a new checkout session'),
  /** The store's cap on a session's payment attempts (gateway/service.ts SESSION_ATTEMPTS), the same on every process. */
  sessionAttemptsExceeded: (max: number, minutes: number) =>
    new ApiError(429, 'RATE_LIMIT_EXCEEDED', `Too many payment attempts for this session: at most ${max} in ${minutes} minutes; start a new checkout session or try again later`),
  rateLimited: () => new ApiError(429, 'RATE_LIMIT_EXCEEDED', 'Too many requests. Slow down and retry after the window resets.'),
  /**
   * The store (PostgreSQL or the SQLite file) cannot be reached. A write that was under way may
   * or may not have committed: retrying with the same Idempotency-Key is safe either way.
   */

  // The v3 payments API: payment requests, payments, tokens.
  invalidValue: bad('INVALID_VALUE_ERROR'),
  invalidPaymentDetails: bad('INVALID_PAYMENT_DETAILS'),
  cardExpired: () => new ApiError(400, 'CARD_EXPIRED', 'The card has expired. Use a card whose expiry date is in the future.'),
  invalidToken: (message = 'The payment token is not ACTIVE or does not exist') => new ApiError(400, 'INVALID_TOKEN', message),
  channelNotAvailable: (code: string, country: string, currency: string) =>
    new ApiError(400, 'CHANNEL_NOT_ACTIVATED', `Channel ${code} is not available for country ${country} and currency ${currency}`),
  paymentRequestNotFound: () => new ApiError(404, 'DATA_NOT_FOUND', 'Payment request not found'),
  paymentNotFound: () => new ApiError(404, 'DATA_NOT_FOUND', 'Payment not found'),
  paymentTokenNotFound: () => new ApiError(404, 'DATA_NOT_FOUND', 'Payment token not found'),
  inactivePaymentRequest: (status: string) => new ApiError(400, 'INACTIVE_PAYMENT_REQUEST', `Payment request is ${status} and can no longer be changed`),
  ineligiblePaymentStatus: (status: string, expecting: string) => new ApiError(400, 'INELIGIBLE_TRANSACTION_STATUS', `Payment status is ${status}, expecting ${expecting}`),
  ineligibleTokenStatus: (status: string) => new ApiError(400, 'INELIGIBLE_TRANSACTION_STATUS', `Payment token status is ${status}; it can no longer be canceled`),
  captureExceeded: () => new ApiError(400, 'CAPTURE_AMOUNT_EXCEEDED', 'capture_amount is larger than the authorized amount'),
  notSimulatable: (channel: string) => new ApiError(400, 'INVALID_VALUE_ERROR', `Channel ${channel} is paid by the customer on the page of its WEB_URL action, not with simulate`),
  refundNotFound: () => new ApiError(404, 'DATA_NOT_FOUND', 'Refund not found'),
  // The Recurring API (subscriptions): Xendit's published 404 messages.
  recurringPlanNotFound: () => new ApiError(404, 'DATA_NOT_FOUND', 'Recurring plan_id not found. Please check your query again.'),
  recurringCycleNotFound: () => new ApiError(404, 'DATA_NOT_FOUND', 'Recurring cycle_id not found. Please check your query again.'),
  cycleNotEditable: (status: string) => new ApiError(400, 'API_VALIDATION_ERROR', `Recurring cycle status is ${status}; only a SCHEDULED or RETRYING cycle can be updated`),
  refundNotSupported: (channel: string) => new ApiError(403, 'REFUND_NOT_SUPPORTED', `Refunds are not supported for channel ${channel}`),
  partialRefundNotSupported: (channel: string) => new ApiError(403, 'PARTIAL_REFUND_NOT_SUPPORTED', `Partial refunds are not supported for channel ${channel}; refund the full amount`),
  refundNotCancellable: (status: string) => new ApiError(400, 'INELIGIBLE_TRANSACTION_STATUS', `Refund status is ${status}, expecting PENDING: only a refund the provider has not answered yet can be cancelled`),
  refundExceeded: () => new ApiError(400, 'REFUND_AMOUNT_EXCEEDED', 'The refund amount is larger than what is left to refund on this payment'),
  notRefundable: (status: string) => new ApiError(400, 'INVALID_VALUE_ERROR', `The payment request has no captured payment to refund (status ${status})`),
  refundCurrency: (expected: string) => new ApiError(400, 'INVALID_VALUE_ERROR', `currency must be ${expected}, the currency of the payment`),
  // OTP flows (validate_otp / resend_otp), with Xendit's published codes.
  invalidOtp: (attemptsLeft: number) => new ApiError(400, 'INVALID_OTP', `The OTP is wrong; ${attemptsLeft} attempt${attemptsLeft === 1 ? '' : 's'} left`),
  expiredOtp: () => new ApiError(400, 'EXPIRED_OTP', 'The OTP has expired; ask for a new one with resend_otp'),
  maxOtpAttempts: (what = 'OTP verification attempts') => new ApiError(400, 'MAX_OTP_ATTEMPTS', `Maximum ${what} allowed has been reached`),
  noOtp: (kind: string) => new ApiError(400, 'API_VALIDATION_ERROR', `This ${kind} is not waiting for an OTP`),
  otpAttemptEnded: (kind: string, status: string) => new ApiError(400, kind === 'payment token' ? 'INELIGIBLE_TRANSACTION_STATUS' : 'INACTIVE_PAYMENT_REQUEST', `The ${kind} is ${status}; it no longer takes an OTP`),
  duplicateCardReference: (referenceId: string) => new ApiError(409, 'DUPLICATE_ERROR', `reference_id ${referenceId} has been used for another CARDS payment request`),

  // The Components gateway (components-protocol.md §2): what a browser is told.
  sessionPaymentNotFound: () => new ApiError(404, 'NOT_FOUND', 'Payment not found for this session'),
  cardFieldNotEncrypted: (field: string) => new ApiError(400, 'INVALID_PAYMENT_DETAILS', `card_details.${field} must come encrypted from the secure card field`),
  cardDetailsUnreadable: (reason: string) => new ApiError(400, 'INVALID_PAYMENT_DETAILS', `The card details could not be read (${reason}); reload the page and enter them again`),
  originNotAllowed: () => new ApiError(403, 'ORIGIN_NOT_ALLOWED', 'This page is not allowed to use the checkout session'),
  sessionRateLimited: (seconds: number) => new ApiError(429, 'RATE_LIMIT_EXCEEDED', `Too many requests for this session; try again in ${seconds} seconds`),

  serviceUnavailable: () =>
    new ApiError(503, 'SERVICE_UNAVAILABLE', 'The store is not reachable; retry the request (with the same Idempotency-Key) when it is back'),
  server: () =>
    new ApiError(500, 'SERVER_ERROR', 'Something unexpected happened. We are investigating this issue. Please try again later.'),
};

/** AJV's errors in Xendit's form: message `request/body/x must …`, errors[].path `/body/x`. */
export function validationErrorFromAjv(part: string, ajvErrors: ErrorObject[]): ApiError {
  const errors = ajvErrors.map((error) => {
    let pointer = error.instancePath;
    if (error.keyword === 'required') pointer += `/${(error.params as { missingProperty: string }).missingProperty}`;
    if (error.keyword === 'additionalProperties') pointer += `/${(error.params as { additionalProperty: string }).additionalProperty}`;
    return { message: describeAjvError(error), path: `/${part}${pointer}` };
  });
  const first = ajvErrors[0]!;
  return Errors.validation(`request/${part}${first.instancePath} ${describeAjvError(first)}`, errors);
}

function describeAjvError(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') {
    return `must NOT have additional property '${(error.params as { additionalProperty: string }).additionalProperty}'`;
  }
  if (error.keyword === 'enum') return `${error.message}: ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return error.message ?? 'is invalid';
}

/**
 * A scope whose form parser has its own, smaller body limit (checkout, simulator) names that
 * limit in its 413; the one handler only knows LUNAS_BODY_LIMIT. Anything else goes on as it was.
 */
export function withBodyLimit(error: unknown, limit: number): unknown {
  return (error as { code?: string })?.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? Errors.bodyTooLarge(limit) : error;
}

/**
 * What Fastify's router refuses before any route runs (its `frameworkErrors`): a path parameter
 * longer than the router takes, or a path that is not valid percent-encoding. Answered in the
 * catalogue's shape like every other bad request, not Fastify's own.
 */
export function routerRefusal(error: FastifyError, maxParamLength: number): ApiError {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return Errors.fieldInvalid('/params', `must not have a value longer than ${maxParamLength} characters`);
  if (error.code === 'FST_ERR_BAD_URL') return Errors.fieldInvalid('/params', 'must be valid percent-encoded UTF-8');
  return toApiError(error, { bodyLimit: 0 });
}

/** Installs the one error handler and the not-found handler on an app. */
export function installErrorHandling(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error: FastifyError & { validation?: ErrorObject[]; validationContext?: string }, request, reply) => {
    const apiError = toApiError(error, { bodyLimit, contentType: request.headers['content-type'] });
    // An outage is the operator's news once (the worker logs it), not a stack trace per request.
    if (apiError.errorCode === 'SERVICE_UNAVAILABLE') request.log.warn({ error_code: apiError.errorCode, cause: (error as Error).message, code: (error as { code?: string }).code }, 'store not reachable');
    else if (apiError.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ error_code: apiError.errorCode }, apiError.message);
    return reply.status(apiError.statusCode).send(apiError.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const error = Errors.routeNotFound(request.method, request.url.split('?')[0]!);
    return reply.status(404).send(error.toBody());
  });
}

export interface ErrorMapping {
  bodyLimit: number;
  contentType?: string;
  /** What a schema validation failure means in this scope (the gateway's only schema is its key's: an unknown session). */
  onValidation?: () => ApiError;
}

/** Anything thrown while answering a request, as the ApiError to answer with. */
export function toApiError(thrown: unknown, { bodyLimit, contentType, onValidation }: ErrorMapping): ApiError {
  const error = thrown as FastifyError & { validation?: ErrorObject[]; validationContext?: string };
  if (error instanceof ApiError) return error;
  if (error.validation) return onValidation ? onValidation() : validationErrorFromAjv(error.validationContext ?? 'body', error.validation);
  // Before the Fastify codes: pg's errors carry SQLSTATEs in `code` too.
  if (isStoreUnavailable(error)) return Errors.serviceUnavailable();
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return Errors.malformedJson();
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return Errors.bodyTooLarge(bodyLimit);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return Errors.unsupportedMediaType(contentType?.slice(0, 100));
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError(400, 'API_VALIDATION_ERROR', 'Content-Length does not match the body');
  }
  // JSON.parse errors surface as SyntaxError with a 400 statusCode.
  if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) return Errors.malformedJson();
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new ApiError(error.statusCode, 'API_VALIDATION_ERROR', error.message);
  }
  return Errors.server();
}
