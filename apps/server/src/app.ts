import type { Writable } from 'node:stream';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import swagger from '@fastify/swagger';
import pino from 'pino';
import { businessClock, systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import { ping, type Store } from './db/store.ts';
import { Errors, installErrorHandling, routerRefusal } from './errors.ts';
import { newRequestId } from './ids.ts';
import { businessRoutes } from './modules/businesses/routes.ts';
import { businessService, type BusinessService } from './modules/businesses/service.ts';
import { sdkKeyService, type SdkKeyService } from './modules/sdk-keys/service.ts';
import { SessionOut } from './modules/sessions/schemas.ts';
import { sessionRoutes } from './modules/sessions/routes.ts';
import { sessionService, type SessionService } from './modules/sessions/service.ts';
import type { CloseSessionAttempts } from './modules/sessions/lifecycle.ts';
import { closeSessionRequests } from './modules/payments/session-attempts.ts';
import { closeSessionTokens } from './modules/tokens/session-tokens.ts';
import { customerService, resolveCustomer } from './modules/customers/service.ts';
import { attemptLifecycle } from './modules/attempts/lifecycle.ts';
import { otpRunner } from './modules/attempts/otp.ts';
import { paymentEngine, type PaymentEngine } from './modules/payments/engine.ts';
import { paymentRoutes } from './modules/payments/routes.ts';
import { PaymentOut, PaymentRequestOut } from './modules/payments/schemas.ts';
import { paymentRequestOtp } from './modules/payments/otp.ts';
import { paymentService, type PaymentService } from './modules/payments/service.ts';
import { sessionPayments, type SessionPayments } from './modules/payments/session-pay.ts';
import { refundRoutes } from './modules/refunds/routes.ts';
import { customerRoutes } from './modules/customers/routes.ts';
import { CustomerOut } from './modules/customers/schemas.ts';
import { RefundOut } from './modules/refunds/schemas.ts';
import { refundService, type RefundService } from './modules/refunds/service.ts';
import { tokenRoutes } from './modules/tokens/routes.ts';
import { PaymentTokenOut } from './modules/tokens/schemas.ts';
import { tokenService, type TokenService } from './modules/tokens/service.ts';
import { openMasterKeys } from './modules/vault/master-key.ts';
import { createVault, type Vault } from './modules/vault/vault.ts';
import { simulatorRoutes } from './channels/simulator/routes.ts';
import { simulatedAcquirer } from './channels/simulator/acquirer.ts';
import { taskQueue, type TaskQueue } from './worker/tasks.ts';
import { recurringCycles, type RecurringCycles } from './modules/recurring/cycles.ts';
import { IMMEDIATE_PAYMENT_TASK, recurringPlans, type RecurringPlans } from './modules/recurring/plans.ts';
import { recurringRoutes } from './modules/recurring/routes.ts';
import { RecurringCycleOut, RecurringPlanOut } from './modules/recurring/schemas.ts';
import { eventsRecorded } from './modules/events/outbox.ts';
import { webhookDispatcher, type WebhookDispatcher } from './modules/webhooks/dispatcher.ts';
import { webhookLog } from './modules/webhooks/log.ts';
import { webhookRoutes } from './modules/webhooks/routes.ts';
import { webhookService, type WebhookService } from './modules/webhooks/service.ts';
import { listenService } from './modules/webhooks/listen.ts';
import { webhookUserAgent } from './modules/webhooks/policy.ts';
import { eventStreams } from './modules/webhooks/stream-route.ts';
import { componentPages } from './modules/gateway/pages.ts';
import { checkoutAssets } from './modules/checkout/assets.ts';
import { brandingService } from './modules/checkout/branding.ts';
import { brandingRoutes, checkoutPages } from './modules/checkout/routes.ts';
import { checkoutService } from './modules/checkout/service.ts';
import { gatewayRoutes } from './modules/gateway/routes.ts';
import { sdkFiles } from './modules/gateway/sdk-files.ts';
import { gatewayService } from './modules/gateway/service.ts';
import { testClockRoutes } from './modules/test-clock/routes.ts';
import { dashboardApi } from './modules/dashboard/api.ts';
import { cookieCredential, dashboardCookie } from './modules/dashboard/cookie.ts';
import { dashboardPages } from './modules/dashboard/pages.ts';
import { dashboardSignIns } from './modules/dashboard/sign-ins.ts';
import { homeRoute } from './modules/dashboard/home.ts';
import { testEvents } from './modules/webhooks/test-event.ts';
import { testClockService, type TestClockService } from './modules/test-clock/service.ts';
import { apiKeyAuth } from './plugins/auth.ts';
import { idempotency } from './plugins/idempotency.ts';
import { lazySerializerFactory } from './plugins/lazy-compilers.ts';
import { serverLimitOptions, serverLimits } from './plugins/limits.ts';
import { metrics } from './plugins/metrics.ts';
import { validation } from './plugins/validation.ts';
import { ErrorOut } from './schemas/common.ts';
import { createLogger, requestLogController } from './logging.ts';

export const VERSION = '0.1.0';

declare module 'fastify' {
  /** eventsAtStart: how many events this process had recorded when the request began (eventsRecorded). */
  interface FastifyRequest { eventsAtStart: number }
}

export interface AppDeps {
  config: Config;
  store: Store;
  clock?: Clock;
  /** Where log lines go (stdout by default), in config.logFormat; tests pass a stream to inspect them. */
  logStream?: Writable;
}

export interface Services {
  businesses: BusinessService;
  sdkKeys: SdkKeyService;
  sessions: SessionService;
  vault: Vault;
  tasks: TaskQueue;
  engine: PaymentEngine;
  payments: PaymentService;
  tokens: TokenService;
  refunds: RefundService;
  sessionPayments: SessionPayments;
  webhooks: WebhookService;
  dispatcher: WebhookDispatcher;
  testClock: TestClockService;
  recurring: RecurringPlans;
  cycles: RecurringCycles;
}

export interface App {
  app: FastifyInstance;
  services: Services;
  clock: Clock;
}

// The logger moved to logging.ts; re-exported for callers that still import it from here.
export { createLogger } from './logging.ts';

/**
 * First-start work on a store: the default business (its key is returned once, to print),
 * and the webhook endpoint and callback token configured by LUNAS_WEBHOOK_URL /
 * LUNAS_CALLBACK_TOKEN. Safe on every start and from several processes at once.
 */
export async function bootstrapStore(services: Services, config: Config) {
  const created = await services.businesses.bootstrap(config.secretKey);
  const first = await services.businesses.firstBusiness();
  if (first) await services.webhooks.seed(first.id, config.webhooks.url, config.webhooks.callbackToken);
  return created;
}

/** The longest path parameter the router takes; a longer one is a 400 (errors.ts routerRefusal). */
const MAX_PARAM_LENGTH = 200;

/** Builds Fastify with every capability registered in an explicit order. */
export async function buildApp({ config, store, clock = systemClock, logStream }: AppDeps): Promise<App> {
  const app = Fastify({
    loggerInstance: createLogger({ level: config.logLevel, format: config.logFormat, stream: logStream }) as FastifyBaseLogger,
    // Pretty output has one line per request (logging.ts) instead of Fastify's pair.
    logController: requestLogController(config.logFormat),
    bodyLimit: config.bodyLimit,
    ...serverLimitOptions(config.http),
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.:-]{1,64}$/.test(incoming) ? incoming : newRequestId();
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: (error, request, reply) => {
      const refusal = routerRefusal(error, MAX_PARAM_LENGTH);
      request.log.info({ error_code: refusal.errorCode }, refusal.message);
      // The router answers before any hook runs, so the request id is set here as onRequest would.
      void (reply as FastifyReply).header('request-id', request.id).status(refusal.statusCode).send(refusal.toBody());
    },
    // Response serializers are compiled at each route's first response, not at start.
    schemaController: { compilersFactory: { buildSerializer: lazySerializerFactory() as never } },
  });

  // Two clocks: `clock`, real time, for leases, locks, idempotency, rate limits, logs and
  // signatures; `bizClock`, what a business sees (its objects' timestamps and expiries), which
  // adds the business's test-clock offset inside its work (clock.ts, modules/test-clock).
  const bizClock = businessClock(clock);
  const testClock = testClockService({ db: store.db, clock, enabled: config.testClock });
  const businesses = businessService(store.db, clock);
  const masterKeys = await openMasterKeys(store.db, config.masterKey, config.dataDir);
  const vault = createVault(masterKeys);
  const sdkKeys = sdkKeyService(store.db, clock, vault);
  await sdkKeys.init();
  // A session leaving ACTIVE closes its open attempts; the modules that own them do it.
  const closeAttempts: CloseSessionAttempts = async (...args) => {
    await closeSessionRequests(...args);
    await closeSessionTokens(...args);
    await recurring.closeForSession(...args);
  };
  const customers = customerService({ store, clock: bizClock });
  const sessions = sessionService({ store, clock: bizClock, sdkKeys, publicUrl: config.publicUrl, sdkHostId: config.sdkHostId, closeAttempts, findExistingCustomer: customers.findExisting, registerPlan: (trx, session) => recurring.register(trx, session) });
  const tasks = taskQueue(store, clock, app.log as unknown as pino.Logger, testClock);
  // The one place the acquirer is chosen: Lunas ships the simulated one.
  const acquirer = simulatedAcquirer;
  const attemptRunner = attemptLifecycle({ store, clock: bizClock, vault, acquirer, publicUrl: config.publicUrl });
  const engine = paymentEngine({ store, clock: bizClock, tasks, attempts: attemptRunner, completeSession: sessions.complete });
  const customerOf = (trx: Parameters<typeof resolveCustomer>[0], businessId: string, input: Parameters<typeof resolveCustomer>[2]) =>
    resolveCustomer(trx, businessId, input, bizClock.now().toISOString());
  // Subscriptions (modules/recurring): a linked token completes its session through the plan's rules.
  const cycles = recurringCycles({ store, clock: bizClock, engine, findToken: (businessId, id) => tokens.find(businessId, id) });
  const recurring = recurringPlans({ store, clock: bizClock, tasks, cycles, completeSession: sessions.complete });
  const tokens = tokenService({ store, clock: bizClock, attempts: attemptRunner, completeSession: recurring.completeLinking, resolveCustomer: customerOf });
  const requestOtp = paymentRequestOtp({ engine, attempts: attemptRunner, runner: otpRunner({ store, clock: bizClock }) });
  const payments = paymentService({ store, clock: bizClock, engine, otp: requestOtp, tokens, resolveCustomer: customerOf });
  const refunds = refundService({ store, clock: bizClock, tasks, acquirer });
  const attempts = sessionPayments({ engine, sessions, tokens, now: () => bizClock.now() });
  tasks.register('settle_payment_request', (id, payload) => payments.runSettlement(id, Number(payload.amount_minor)));
  tasks.register('process_refund', (id) => refunds.process(id));
  tasks.register(IMMEDIATE_PAYMENT_TASK, (id) => recurring.runImmediatePayment(id));
  const webhooks = webhookService({ db: store.db, clock, vault });
  const dispatcher = webhookDispatcher({ store, clock, log: app.log as unknown as pino.Logger, webhooks, config: config.webhooks, userAgent: webhookUserAgent(VERSION), offsets: testClock });
  const deliveryLog = webhookLog({ db: store.db, clock, kick: () => dispatcher.kick() });
  app.addHook('onClose', async () => dispatcher.close());
  const streams = eventStreams({ store, clock, heartbeatMs: config.streamHeartbeatMs });
  // Open event streams would keep the server from closing: they end first.
  app.addHook('preClose', async () => streams.closeAll());

  // 0. A route acting for a business (the merchant API: the key's business or its sub-account;
  // the gateway: the session's) runs on that business's clock (the test clock, clock.ts).
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = function (this: FastifyInstance, request, reply) {
      const businessId = request.business?.id ?? request.gatewaySession?.business_id;
      if (!businessId || !testClock.enabled) return handler.call(this, request, reply);
      return testClock.runAs(businessId, async () => handler.call(this, request, reply));
    };
  });

  // 1. Documentation first: swagger must see every route registered after it.
  await app.register(swagger, {
    openapi: {
      info: { title: 'Lunas Payment Sessions API', version: VERSION, description: 'Xendit-compatible Payment Sessions. Extensions are marked in their summaries.' },
      components: { securitySchemes: { basicAuth: { type: 'http', scheme: 'basic', description: 'Secret key as user name, empty password' } } },
      security: [{ basicAuth: [] }],
      // The configured public URL, so "try it" clients and generated SDKs call this very server.
      servers: [{ url: config.publicUrl, description: 'This Lunas server (LUNAS_PUBLIC_URL)' }],
    },
    // Shared schemas keep their own names (SessionOut, ErrorOut) in components.schemas.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  for (const schema of [ErrorOut, SessionOut, PaymentRequestOut, PaymentOut, PaymentTokenOut, RefundOut, CustomerOut, RecurringPlanOut, RecurringCycleOut]) app.addSchema(schema);

  // 2. Parsing, validation, errors, observability: they apply to every route.
  serverLimits(app, config.http);
  validation(app, config.bodyLimit);
  installErrorHandling(app, config.bodyLimit);
  metrics(app);
  // A request that recorded events wakes the dispatcher and the event streams instead of waiting for their polls.
  // Only then: a round costs the store the API shares (SQLite: its one connection).
  // Compared with the count when the request began, so a request whose commit lands after another's response still wakes them;
  // by onSend the handler (or the error handler) has its answer, so its transaction has ended.
  app.decorateRequest('eventsAtStart', 0);
  app.addHook('onRequest', (request, _reply, done) => {
    request.eventsAtStart = eventsRecorded();
    done();
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('request-id', request.id);
    if (eventsRecorded() === request.eventsAtStart) return;
    dispatcher.kick();
    streams.notify();
  });

  // 3. Unauthenticated operational routes.
  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await ping(store);
      return { status: 'ok', store: store.dialect };
    } catch {
      const error = Errors.serviceUnavailable();
      return reply.status(503).send(error.toBody());
    }
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/favicon.ico', { schema: { hide: true } }, async (_request, reply) => reply.status(204).send());
  homeRoute(app, VERSION);

  // 4. Test-mode simulator pages (the customer's side of 3DS, e-wallets, banks).
  // The merchant's look (name, colour, logo) comes from the hosted checkout's branding.
  const checkout = checkoutService({ store, clock: bizClock, sessions, businesses, runAs: testClock.runAs });
  await simulatorRoutes(app, { payments, tokens, sessions, look: checkout.merchantLook, runAs: testClock.runAs });

  // 5. The Components gateway the browser SDKs call, and the pages it serves (secure iframe, action landing).
  await gatewayRoutes(app, gatewayService({ store, publicUrl: config.publicUrl, sessions, sessionPayments: attempts, payments, tokens, sdkKeys, businesses, clock }));
  await componentPages(app, { sessions, sdkKeys });
  await sdkFiles(app);

  // 5b. The hosted checkout behind every payment_link_url: Lunas's own page around its SDK.
  await checkoutPages(app, { checkout, assets: checkoutAssets(), publicUrl: config.publicUrl });

  // 5c. The dashboard: sign-in pages and the app's shell; signed in, it calls the merchant API with its cookie.
  const signIns = dashboardSignIns({ db: store.db, clock, businesses });
  const cookie = dashboardCookie(config.publicUrl);
  await dashboardPages(app, { signIns, cookie, businesses, testClock: config.testClock });

  // 6. The merchant API: secret-key (or dashboard cookie + CSRF) auth, then idempotency, then the capabilities.
  await app.register(async (merchant) => {
    apiKeyAuth(merchant, businesses, cookieCredential(signIns, cookie));
    idempotency(merchant, store.db, clock, masterKeys.idempotency);
    sessionRoutes(merchant, sessions);
    paymentRoutes(merchant, payments, attempts);
    tokenRoutes(merchant, tokens);
    refundRoutes(merchant, refunds);
    customerRoutes(merchant, customers);
    recurringRoutes(merchant, recurring);
    webhookRoutes(merchant, webhooks, deliveryLog);
    streams.routes(merchant, listenService({ db: store.db, clock, vault, webhooks }));
    brandingRoutes(merchant, brandingService(store.db, clock));
    businessRoutes(merchant, businesses);
    dashboardApi(merchant, { payments, tokens, customers, sessions, testEvents: testEvents({ store, clock }) });
    if (config.testClock) testClockRoutes(merchant, { testClock, sessions, onAdvance: () => tasks.kick() });
  });

  await app.ready();
  return { app, services: { businesses, sdkKeys, sessions, vault, tasks, engine, payments, tokens, refunds, sessionPayments: attempts, webhooks, dispatcher, testClock, recurring, cycles }, clock };
}
