import type { Clock } from '../../clock.ts';
import type { Store } from '../../db/store.ts';
import { findChannel } from '../../channels/catalogue.ts';
import { Errors } from '../../errors.ts';
import { OTP_CODE_PATTERN } from '../../schemas/common.ts';
import { decryptEnvelope, EnvelopeError, isEnvelope } from '@lunas/secure-fields/decrypt';
import { detectNetwork } from '../../channels/cards/network.ts';
import type { BusinessService } from '../businesses/service.ts';
import { findCustomer } from '../customers/service.ts';
import type { PaymentService } from '../payments/service.ts';
import type { SessionPayments } from '../payments/session-pay.ts';
import type { SdkKeyService } from '../sdk-keys/service.ts';
import type { Session } from '../sessions/model.ts';
import { browserOrigins } from '../sessions/origins.ts';
import type { SessionService } from '../sessions/service.ts';
import type { TokenService } from '../tokens/service.ts';
import { countGatewayAttempt } from './attempts.ts';
import { bffChannel, bffCustomer, bffEntity, bffSession, bffUiGroups } from './bff.ts';

/**
 * What the Components SDK asks the gateway (components-protocol.md §2.2), on top of the same
 * services the merchant API uses. The browser's only credential is the session auth key;
 * card fields arrive encrypted by the secure iframe and are opened here, with the session's
 * ECDH key, just before they go to the vault.
 */
const CARD_FIELDS = ['card_number', 'expiry_month', 'expiry_year', 'cvn'] as const;
/** The OTP codes the v3 validate_otp accepts (its body schema's pattern). */
const OTP_CODE = new RegExp(OTP_CODE_PATTERN);

/**
 * Payment attempts one session may make through the gateway, counted in the store so the cap
 * holds however many processes serve it (card testing tries many cards on one session).
 */
export const SESSION_ATTEMPTS = { max: 20, windowMs: 10 * 60_000 };

export interface GatewayDeps {
  store: Store;
  publicUrl: string;
  sessions: SessionService;
  sessionPayments: SessionPayments;
  payments: PaymentService;
  tokens: TokenService;
  sdkKeys: SdkKeyService;
  businesses: BusinessService;
  clock: Clock;
}

export function gatewayService(deps: GatewayDeps) {
  const { store, publicUrl, sessions } = deps;

  /** The session behind an auth key, with a due expiry persisted first. */
  async function sessionByKey(authKey: string): Promise<Session> {
    const session = await sessions.findBySdkAuthKey(authKey);
    if (!session) throw Errors.sessionNotFound();
    return session;
  }

  async function open(session: Session, envelope: string): Promise<string> {
    // The session may have been minted by another process after a rotation this one has not loaded yet.
    const key = session.sdk_ecdh_key_id ? await deps.sdkKeys.find(session.sdk_ecdh_key_id) : undefined;
    if (!key) throw Errors.unknownSdkKey();
    try {
      return decryptEnvelope(envelope, session.id, key.privateKey);
    } catch (error) {
      if (error instanceof EnvelopeError) throw Errors.cardDetailsUnreadable(error.message);
      throw error;
    }
  }

  /** Opens the encrypted card fields; plaintext card data from a browser is refused outright. */
  async function decryptCardDetails(session: Session, properties: Record<string, unknown> | undefined): Promise<Record<string, unknown> | undefined> {
    const card = properties?.card_details as Record<string, unknown> | undefined;
    if (!card || typeof card !== 'object') return properties;
    const opened: Record<string, unknown> = { ...card };
    for (const field of CARD_FIELDS) {
      const value = card[field];
      if (value === undefined || value === '') continue;
      if (!isEnvelope(value)) throw Errors.cardFieldNotEncrypted(field);
      opened[field] = await open(session, value as string);
    }
    return { ...properties, card_details: opened };
  }

  function succeededChannel(session: Session, channelCode: string | undefined) {
    return session.status === 'COMPLETED' && channelCode ? { channel_code: channelCode, logo_url: `${publicUrl}/components/logos/${channelCode}.svg` } : undefined;
  }

  /** The SDK's view of an attempt, its OTP actions pointing at this session's gateway endpoints. */
  const entityView = (session: Session, kind: 'payment_request' | 'payment_token', object: Record<string, any>) =>
    bffEntity(kind, object, findChannel(object.channel_code, session.country, session.currency), `${publicUrl}/api/sessions/${session.sdk_auth_key ?? ''}`, session.locale);

  async function entityOf(session: Session, id: string): Promise<{ kind: 'payment_request' | 'payment_token'; object: Record<string, any> } | undefined> {
    if (id.startsWith('pr-')) {
      const object = await deps.payments.requestOfSession(session.business_id, session.id, id);
      return object ? { kind: 'payment_request', object } : undefined;
    }
    const object = await deps.tokens.tokenOfSession(session.business_id, session.id, id);
    return object ? { kind: 'payment_token', object } : undefined;
  }

  return {
    /** Every gateway request resolves its session once, here; the handlers below receive it. */
    sessionByKey,

    /** The origins whose pages may call the gateway for this session. */
    originsOf: (session: Session) => browserOrigins(session, publicUrl),

    /** Endpoint 1: everything the SDK needs to render the checkout. */
    async sessionData(session: Session) {
      const channels = session.status === 'ACTIVE' ? sessions.channelsOf(session) : [];
      const business = await deps.businesses.findBusiness(session.business_id);
      const customer = session.customer_id ? await findCustomer(store.db, session.business_id, session.customer_id) : undefined;
      const completed = session.payment_request_id ? await deps.payments.requestOfSession(session.business_id, session.id, session.payment_request_id) : undefined;
      return {
        business: { name: business?.name ?? null, country_of_operation: session.country, merchant_profile_picture_url: null },
        customer: bffCustomer(customer),
        channels: channels.map((channel) => bffChannel(channel, session, publicUrl)),
        channel_ui_groups: bffUiGroups(channels, publicUrl, session.locale),
        session: bffSession(session),
        ...(succeededChannel(session, completed?.channel_code) ? { succeeded_channel: succeededChannel(session, completed?.channel_code) } : {}),
      };
    },

    /** Endpoints 2 and 3: the customer's attempt, on the session's terms. */
    async createAttempt(session: Session, body: { channel_code: string; channel_properties?: Record<string, unknown>; save_payment_method?: boolean }) {
      // Counted before anything is checked: a refused attempt is still an attempt.
      const attempts = await countGatewayAttempt(store.db, session.id, deps.clock.now(), SESSION_ATTEMPTS.windowMs);
      if (attempts > SESSION_ATTEMPTS.max) throw Errors.sessionAttemptsExceeded(SESSION_ATTEMPTS.max, SESSION_ATTEMPTS.windowMs / 60_000);
      const properties = await decryptCardDetails(session, body.channel_properties);
      const result = await deps.sessionPayments.attemptOn(session, { channel_code: body.channel_code, channel_properties: properties, save_payment_method: body.save_payment_method });
      return entityView(session, result.kind, result.object);
    },

    /** Endpoint 4: the session and the attempt the SDK is waiting on. */
    async poll(session: Session, tokenRequestId: string | undefined) {
      const entity = tokenRequestId ? await entityOf(session, tokenRequestId) : undefined;
      if (tokenRequestId && !entity) throw Errors.sessionPaymentNotFound();
      const completed = session.payment_request_id ?? session.payment_token_id;
      const paidWith = completed ? await entityOf(session, completed) : undefined;
      const succeeded = succeededChannel(session, paidWith?.object.channel_code);
      return {
        session: bffSession(session),
        ...(entity ? { [entity.kind]: entityView(session, entity.kind, entity.object) } : {}),
        ...(succeeded ? { succeeded_channel: succeeded } : {}),
      };
    },

    /** Endpoint 5: the card's scheme, so the SDK can show the brand and check it is accepted. */
    async cardInfo(session: Session, envelope: unknown) {
      if (typeof envelope !== 'string' || !isEnvelope(envelope)) throw Errors.cardFieldNotEncrypted('card_number');
      const digits = (await open(session, envelope.replace(/-invalid-.*$/, ''))).replace(/\D/g, '');
      const network = digits.length >= 6 ? detectNetwork(digits) : undefined;
      const schemes = network ? [network === 'AMEX' ? 'AMERICAN-EXPRESS' : network] : [];
      return { require_billing_information: false, country_codes: [session.country], schemes };
    },

    /** Endpoint 6: Lunas offers no instalment plans yet, so the SDK hides the field. */
    async paymentOptions(session: Session, channelCode: unknown) {
      if (typeof channelCode !== 'string') throw Errors.fieldInvalid('/body/channel_code', 'is required');
      return { channel_code: channelCode, country: session.country, currency: session.currency, amount: bffSession(session).amount, installment_plans: [], paylater_plans: [] };
    },

    /** Endpoint 7: the "I have paid" button in test mode. */
    async simulate(session: Session, paymentRequestId: string) {
      const entity = await entityOf(session, paymentRequestId);
      if (!entity || entity.kind !== 'payment_request') throw Errors.sessionPaymentNotFound();
      await deps.payments.simulate(session.business_id, paymentRequestId, undefined);
      return entityView(session, 'payment_request', entity.object);
    },

    /**
     * The customer's OTP for one of the session's attempts (Lunas's gateway endpoints for the
     * OTP pair, docs/components.md): the same rules and errors as the v3 validate_otp.
     */
    async validateOtp(session: Session, kind: 'payment_request' | 'payment_token', id: string, code: unknown) {
      if (typeof code !== 'string' || !OTP_CODE.test(code)) throw Errors.fieldInvalid('/body/payload/otp_code', 'must be the one-time password (letters and digits)');
      const call = { sessionId: session.id };
      const object = kind === 'payment_request' ? await deps.payments.validateOtp(session.business_id, id, code, call) : await deps.tokens.validateOtp(session.business_id, id, code, call);
      return entityView(session, kind, object);
    },

    /** A new OTP for one of the session's attempts. */
    async resendOtp(session: Session, kind: 'payment_request' | 'payment_token', id: string) {
      const call = { sessionId: session.id };
      const object = kind === 'payment_request' ? await deps.payments.resendOtp(session.business_id, id, call) : await deps.tokens.resendOtp(session.business_id, id, call);
      return entityView(session, kind, object);
    },
  };
}

export type GatewayService = ReturnType<typeof gatewayService>;
