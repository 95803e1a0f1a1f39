import { checkoutTranslator } from '@lunas/components/i18n';
import { SESSION_LOCALES, type Locale as SdkLocale } from '@lunas/protocol/gateway';

/**
 * The hosted checkout's own words, in the four languages the SDK ships (spec §3.1 `locale`):
 * English, Indonesian, Thai and Vietnamese. The text lives with the SDK's dictionaries
 * (packages/components/src/i18n/checkout.ts), the one translation source; the payment form
 * inside the page is the SDK's, localised from the same `locale`. A session locale Lunas has
 * no words for falls back to English.
 */
export const LOCALES = SESSION_LOCALES;
export type Locale = SdkLocale;

export const toLocale = (value: string | undefined): Locale => (LOCALES as readonly string[]).includes(value ?? '') ? (value as Locale) : 'en';

export interface Words {
  checkout: string;
  payTo: (merchant: string) => string;
  saveFor: (merchant: string) => string;
  total: string;
  orderSummary: string;
  quantity: (n: number) => string;
  expires: (when: string) => string;
  choosePayment: string;
  loading: string;
  noScript: string;
  pay: (amount: string) => string;
  save: string;
  processing: string;
  cancel: string;
  /** The confirmation Cancel opens: a question and the button that really cancels. */
  cancelQuestion: string;
  cancelYes: string;
  failedTitle: string;
  tryAgain: string;
  loadFailed: string;
  testMode: string;
  testModeNote: string;
  securedBy: string;
  completedTitle: string;
  completedMessage: (merchant: string) => string;
  savedTitle: string;
  savedMessage: (merchant: string) => string;
  /** SUBSCRIPTION sessions: the customer links a method that the plan charges each cycle. */
  subscribeTo: (merchant: string) => string;
  subscribe: string;
  subscribedTitle: string;
  subscribedMessage: (merchant: string) => string;
  expiredTitle: string;
  expiredMessage: (merchant: string) => string;
  canceledTitle: string;
  canceledMessage: string;
  returnTo: (merchant: string) => string;
  redirecting: (merchant: string) => string;
  notFoundTitle: string;
  notFoundMessage: string;
}

/**
 * The words for one locale, looked up in `@lunas/components/i18n` (the SDK's dictionaries'
 * home): the page keeps its typed `Words` so that a template's parameters are named once, here.
 */
function wordsFor(locale: Locale): Words {
  const t = checkoutTranslator(locale);
  const forMerchant = (key: Parameters<typeof t>[0]) => (merchant: string) => t(key, { merchant });
  return {
    checkout: t('checkout.title'),
    payTo: forMerchant('checkout.pay_to'),
    saveFor: forMerchant('checkout.save_for'),
    total: t('checkout.total'),
    orderSummary: t('checkout.order_summary'),
    quantity: (count) => t('checkout.quantity', { count }),
    expires: (time) => t('checkout.expires', { time }),
    choosePayment: t('checkout.choose_payment'),
    loading: t('checkout.loading'),
    noScript: t('checkout.no_script'),
    pay: (amount) => t('checkout.pay', { amount }),
    save: t('checkout.save'),
    processing: t('checkout.processing'),
    cancel: t('checkout.cancel'),
    cancelQuestion: t('checkout.cancel_question'),
    cancelYes: t('checkout.cancel_yes'),
    failedTitle: t('checkout.failed_title'),
    tryAgain: t('checkout.try_again'),
    loadFailed: t('checkout.load_failed'),
    testMode: t('checkout.test_mode'),
    testModeNote: t('checkout.test_mode_note'),
    securedBy: t('checkout.secured_by'),
    completedTitle: t('result.completed_title'),
    completedMessage: forMerchant('result.completed_message'),
    savedTitle: t('result.saved_title'),
    savedMessage: forMerchant('result.saved_message'),
    subscribeTo: forMerchant('checkout.subscribe_to'),
    subscribe: t('checkout.subscribe'),
    subscribedTitle: t('result.subscribed_title'),
    subscribedMessage: forMerchant('result.subscribed_message'),
    expiredTitle: t('result.expired_title'),
    expiredMessage: forMerchant('result.expired_message'),
    canceledTitle: t('result.canceled_title'),
    canceledMessage: t('result.canceled_message'),
    returnTo: forMerchant('result.return_to'),
    redirecting: forMerchant('result.redirecting'),
    notFoundTitle: t('result.not_found_title'),
    notFoundMessage: t('result.not_found_message'),
  };
}

export const WORDS = Object.fromEntries(LOCALES.map((locale) => [locale, wordsFor(locale)])) as Record<Locale, Words>;
