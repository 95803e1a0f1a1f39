import { Type, type Static } from 'typebox';
import { SESSION_EXAMPLES } from '../../schemas/examples.ts';
import { AnyJson, Nullable, StringEnum } from '../../schemas/common.ts';

/**
 * The session contract (sessions-api.md §2.1, §3.1) as TypeBox schemas: one source for
 * request validation, response serialisation and /openapi.json.
 *
 * Some fields are deliberately looser here than their final rule, because Xendit answers
 * those rules with dedicated error codes rather than API_VALIDATION_ERROR (§3.3): session_type,
 * mode, currency and country are plain strings here and checked by the service.
 * Unknown properties are accepted and ignored, as a Xendit client may send fields Xendit
 * tolerates (docs/compatibility.md).
 */
export const SESSION_STATUSES = ['ACTIVE', 'COMPLETED', 'EXPIRED', 'CANCELED'] as const;
export const SESSION_TYPES = ['PAY', 'SAVE', 'SUBSCRIPTION'] as const;
export const SAVE_OPTIONS = ['DISABLED', 'OPTIONAL', 'FORCED'] as const;
export const CAPTURE_METHODS = ['AUTOMATIC', 'MANUAL'] as const;
export const CARD_ON_FILE_TYPES = ['CUSTOMER_UNSCHEDULED', 'MERCHANT_UNSCHEDULED', 'RECURRING'] as const;

const ChannelCode = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Z0-9_]+$' });

export const CustomerIn = Type.Object({
  reference_id: Type.String({ minLength: 1, maxLength: 255 }),
  type: StringEnum(['INDIVIDUAL']),
  email: Type.Optional(Type.String({ format: 'email', minLength: 4, maxLength: 50 })),
  mobile_number: Type.Optional(Type.String({ minLength: 1, maxLength: 50, pattern: '^\\+[1-9][0-9]{3,14}$' })),
  individual_detail: Type.Object({
    given_names: Type.String({ minLength: 1, maxLength: 50 }),
    surname: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    nationality: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    place_of_birth: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    date_of_birth: Type.Optional(Type.String({ format: 'date' })),
    gender: Type.Optional(StringEnum(['MALE', 'FEMALE', 'OTHER'])),
  }),
});

const Metadata = Type.Unsafe<Record<string, unknown> | null>({ type: ['object', 'null'] });

export const ItemIn = Type.Object({
  reference_id: Type.String({ minLength: 1, maxLength: 255 }),
  type: StringEnum(['DIGITAL_PRODUCT', 'PHYSICAL_PRODUCT', 'DIGITAL_SERVICE', 'PHYSICAL_SERVICE', 'FEE']),
  name: Type.String({ minLength: 1, maxLength: 255 }),
  net_unit_amount: Type.Number(),
  quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  category: Type.String({ maxLength: 255 }),
  subcategory: Type.Optional(Type.String({ maxLength: 255 })),
  description: Type.Optional(Type.String({ maxLength: 255 })),
  url: Type.Optional(Type.String({ maxLength: 2048, pattern: '^https?://' })),
  image_url: Type.Optional(Type.String({ maxLength: 2048, pattern: '^https?://' })),
  currency: Type.Optional(Type.String({ maxLength: 3 })),
  metadata: Type.Optional(Metadata),
});

const ChannelPropertiesIn = Type.Object({
  cards: Type.Optional(
    Type.Object({
      card_on_file_type: Type.Optional(StringEnum(CARD_ON_FILE_TYPES)),
      recurring_configuration: Type.Optional(
        Type.Object({
          recurring_frequency: Type.Integer({ minimum: 1, maximum: 366 }),
          recurring_expiry: Type.String({ format: 'date' }),
        }),
      ),
      mid_label: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
      skip_three_ds: Type.Optional(Type.Boolean()),
    }),
  ),
});

const Interval = StringEnum(['DAY', 'WEEK', 'MONTH']);
const SubscriptionIn = Type.Object({
  schedule: Type.Object({
    interval: Interval,
    interval_count: Type.Integer({ minimum: 1 }),
    anchor_date: Type.String({ format: 'date-time' }),
    total_recurrence: Type.Optional(Type.Integer({ minimum: 1 })),
    retry_interval: Type.Optional(Interval),
    retry_interval_count: Type.Optional(Type.Integer({ minimum: 1 })),
    total_retry: Type.Optional(Type.Integer({ minimum: 1 })),
    failed_attempt_notifications: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 20 })),
  }),
  payment_link_for_failed_attempt: Type.Optional(Type.Boolean()),
  failed_cycle_action: Type.Optional(StringEnum(['RESUME', 'STOP'])),
  immediate_payment: Type.Optional(Type.Boolean()),
});

export const ComponentsConfigurationIn = Type.Object({
  origins: Type.Array(Type.String({ minLength: 1, maxLength: 255 }), { minItems: 1, maxItems: 20 }),
  return_url: Type.Optional(Nullable(Type.String({ maxLength: 2048 }))),
});

export const SessionIn = Type.Object(
  {
    reference_id: Type.String({ minLength: 1, maxLength: 64 }),
    session_type: Type.String({ minLength: 1, maxLength: 64 }),
    mode: Type.String({ minLength: 1, maxLength: 64 }),
    amount: Type.Number({ minimum: 0 }),
    currency: Type.String({ minLength: 1, maxLength: 16 }),
    country: Type.String({ minLength: 1, maxLength: 16 }),
    customer_id: Type.Optional(Type.String({ minLength: 41, maxLength: 41 })),
    customer: Type.Optional(CustomerIn),
    allow_save_payment_method: Type.Optional(StringEnum(SAVE_OPTIONS)),
    capture_method: Type.Optional(StringEnum(CAPTURE_METHODS)),
    channel_properties: Type.Optional(ChannelPropertiesIn),
    allowed_payment_channels: Type.Optional(Type.Array(ChannelCode, { maxItems: 100 })),
    expires_at: Type.Optional(Type.String({ format: 'date-time' })),
    locale: Type.Optional(Type.String({ pattern: '^[a-z]{2}$' })),
    metadata: Type.Optional(Metadata),
    description: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    items: Type.Optional(Nullable(Type.Array(ItemIn, { maxItems: 200 }))),
    notification_channels: Type.Optional(Type.Array(StringEnum(['EMAIL']), { maxItems: 5 })),
    subscription: Type.Optional(Nullable(SubscriptionIn)),
    success_return_url: Type.Optional(Type.String({ maxLength: 2048 })),
    cancel_return_url: Type.Optional(Type.String({ maxLength: 2048 })),
    components_configuration: Type.Optional(ComponentsConfigurationIn),
    cards_session_js: Type.Optional(Type.Object({})),
    payment_link_configuration: Type.Optional(
      Type.Object({ primary_payment_channels: Type.Optional(Type.Array(ChannelCode, { maxItems: 100 })) }),
    ),
  },
  { examples: SESSION_EXAMPLES },
);
export type SessionInput = Static<typeof SessionIn>;

/** Field order follows Xendit's real responses (§2.1); fields not set are omitted. */
export const SessionOut = Type.Object(
  {
    payment_session_id: Type.String(),
    created: Type.String({ format: 'date-time' }),
    updated: Type.String({ format: 'date-time' }),
    status: StringEnum(SESSION_STATUSES),
    reference_id: Type.String(),
    currency: Type.String(),
    amount: Type.Number(),
    country: Type.String(),
    customer_id: Type.Optional(Type.String()),
    expires_at: Type.String({ format: 'date-time' }),
    session_type: Type.String(),
    capture_method: Type.Optional(Type.String()),
    mode: Type.String(),
    locale: Type.String(),
    business_id: Type.String(),
    channel_properties: Type.Optional(AnyJson),
    allowed_payment_channels: Type.Optional(Type.Array(Type.String())),
    description: Type.Optional(Type.String()),
    items: Type.Optional(AnyJson),
    metadata: Type.Optional(AnyJson),
    notification_channels: Type.Optional(Type.Array(Type.String())),
    success_return_url: Type.Optional(Type.String()),
    cancel_return_url: Type.Optional(Type.String()),
    payment_link_url: Type.Optional(Type.String()),
    components_sdk_key: Type.Optional(Type.String()),
    allow_save_payment_method: Type.Optional(Type.String()),
    components_configuration: Type.Optional(AnyJson),
    subscription: Type.Optional(AnyJson),
    recurring_plan_id: Type.Optional(Type.String()),
    payment_request_id: Type.Optional(Type.String()),
    payment_id: Type.Optional(Type.String()),
    payment_token_id: Type.Optional(Type.String()),
  },
  { $id: 'SessionOut' },
);
export type SessionView = Static<typeof SessionOut>;

export const SessionIdParams = Type.Object({
  session_id: Type.String({ pattern: '^ps-[0-9a-f]{24}$' }),
});

/** Lunas extension: GET /sessions (docs/compatibility.md). */
export const SessionListQuery = Type.Object({
  status: Type.Optional(StringEnum(SESSION_STATUSES)),
  reference_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  mode: Type.Optional(StringEnum(['PAYMENT_LINK', 'COMPONENTS'])),
  session_type: Type.Optional(StringEnum(SESSION_TYPES)),
  'created[gte]': Type.Optional(Type.String({ format: 'date-time' })),
  'created[lte]': Type.Optional(Type.String({ format: 'date-time' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
  after_id: Type.Optional(Type.String({ pattern: '^ps-[0-9a-f]{24}$' })),
});
export type SessionListFilter = Static<typeof SessionListQuery>;

export const SessionListOut = Type.Object({
  data: Type.Array(Type.Ref('SessionOut')),
  has_more: Type.Boolean(),
  links: Type.Array(Type.Object({ href: Type.String(), rel: Type.String(), method: Type.String() })),
});
