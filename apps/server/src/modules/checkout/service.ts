import { pageTranslator } from '@lunas/components/i18n';
import { DEFAULT_BUSINESS_NAME } from '../businesses/service.ts';
import type { BusinessOffsets, Clock } from '../../clock.ts';
import type { Store } from '../../db/store.ts';
import { ApiError } from '../../errors.ts';
import type { BusinessService } from '../businesses/service.ts';
import type { SessionService } from '../sessions/service.ts';
import type { Session, SessionDetails } from '../sessions/model.ts';
import { formatDateTime, formatMoney, intlTag, lineTotalMinor } from './format.ts';
import { toLocale, WORDS, type Locale } from './i18n.ts';
import type { MerchantLook } from './page.ts';
import { brandingStore } from './store.ts';
import { normalizeColor } from './theme.ts';

/**
 * The hosted checkout behind every `payment_link_url` (spec §6.1): what a link shows (with
 * the business's branding, branding.ts) and the customer's cancel. Sessions are read and changed only through
 * the sessions service, so expiry, cancellation and their events behave as on the API.
 */
export interface CheckoutServiceDeps {
  store: Store;
  clock: Clock;
  sessions: SessionService;
  businesses: BusinessService;
  /** Runs the customer's cancel on the business's (test) clock. */
  runAs?: BusinessOffsets['runAs'];
}

/** Everything a page needs about one link, already formatted for the session's language. */
export interface LinkView {
  session: Session;
  details: SessionDetails;
  locale: Locale;
  lang: string;
  merchant: MerchantLook & { color: string };
  amount: string;
  items: { name: string; quantity: number; amount?: string }[];
  expiresText: string;
  linkPath: string;
}

type Item = { name?: unknown; quantity?: unknown; net_unit_amount?: unknown };

export function checkoutService(deps: CheckoutServiceDeps) {
  const { store, clock, sessions, businesses } = deps;

  /**
   * The merchant as customers see it on the hosted page and the simulator pages it opens: the
   * branded name, else the business's own, else (the bootstrap's placeholder, or none) a neutral
   * name in the customer's language.
   */
  async function look(businessId: string, locale: string): Promise<MerchantLook & { color: string }> {
    const [business, branding] = await Promise.all([businesses.findBusiness(businessId), brandingStore.find(store.db, businessId)]);
    const ownName = business?.name && business.name !== DEFAULT_BUSINESS_NAME ? business.name : undefined;
    return {
      name: branding?.display_name ?? ownName ?? pageTranslator(locale)('merchant.unnamed'),
      logo: branding?.logo ?? undefined,
      color: normalizeColor(branding?.brand_color),
    };
  }

  async function view(linkId: string): Promise<LinkView | undefined> {
    if (!/^[A-Za-z0-9_-]{22}$/.test(linkId)) return undefined;
    const session = await sessions.findByLink(linkId);
    if (!session) return undefined;
    const { details } = session;
    const locale = toLocale(session.locale);
    const money = (minor: number) => formatMoney(minor, session.currency, locale, session.country);
    const items = (Array.isArray(details.items) ? (details.items as Item[]) : []).map((item) => {
      const total = lineTotalMinor(item.net_unit_amount, item.quantity, session.currency);
      return { name: String(item.name ?? ''), quantity: Number(item.quantity ?? 1), amount: total === undefined ? undefined : money(total) };
    });
    return {
      session,
      details,
      locale,
      lang: intlTag(locale, session.country),
      merchant: await look(session.business_id, locale),
      amount: money(session.amount_minor),
      items,
      expiresText: formatDateTime(session.expires_at, locale, session.country),
      linkPath: `/checkout/${linkId}`,
    };
  }

  return {
    view,
    merchantLook: look,

    /** The browser credential the hosted page hands to the SDK (never part of the API view). */
    sdkKeyOf: (session: Session) => sessions.browserSdkKey(session),

    /** Milliseconds until the session expires, by the one clock. */
    expiresInMs: (session: Session) => new Date(session.expires_at).getTime() - clock.now().getTime(),

    /** The words the page script needs, in the session's language. */
    scriptWords(locale: Locale, merchant: string) {
      const words = WORDS[locale];
      return { processing: words.processing, redirecting: words.redirecting(merchant), loadFailed: words.loadFailed, failedTitle: words.failedTitle, tryAgain: words.tryAgain };
    },

    /**
     * The customer's "Cancel payment": ACTIVE → CANCELED through the sessions service (same
     * rules and side effects as POST /sessions/{id}/cancel). A link no longer ACTIVE is left
     * as it is. Answers the link as it is afterwards, or undefined for an unknown link.
     */
    async cancel(linkId: string): Promise<LinkView | undefined> {
      const before = await view(linkId);
      if (!before) return undefined;
      if (before.session.status !== 'ACTIVE') return before;
      try {
        const cancel = () => sessions.cancel(before.session.business_id, before.session.id);
        await (deps.runAs ? deps.runAs(before.session.business_id, cancel) : cancel());
      } catch (error) {
        // Completed or expired a moment ago: the page then shows that instead.
        if (!(error instanceof ApiError) || error.errorCode !== 'INVALID_SESSION_STATUS') throw error;
      }
      // Only the session changed; the merchant's look and the formatted amounts stay as read.
      const session = await sessions.findByLink(linkId);
      return session ? { ...before, session } : undefined;
    },
  };
}

export type CheckoutService = ReturnType<typeof checkoutService>;
