import { matchesFilter, withinLimits } from './channels.ts';
import { Checkout } from './checkout.ts';
import type { XenditEventMap } from './events.ts';
import { httpGateway, type Gateway } from './gateway.ts';
import { DICTIONARIES, translator } from './i18n/index.ts';
import { parseSdkKey, type SdkKey } from './key.ts';
import { lazyModules } from './lazy/load.ts';
import { SecureFieldBridge } from './secure-fields.ts';
import { ActionPanel } from './ui/action.tsx';
import { ChannelForm } from './ui/channel-form.tsx';
import type { Env } from './ui/context.ts';
import { mount, type Mounted } from './ui/mount.tsx';
import { Picker } from './ui/picker.tsx';
import { installStyles } from './ui/styles.ts';
import type * as T from './types.ts';

declare const __LUNAS_SERVED_BUILD__: boolean | undefined;

/**
 * Where this script came from: the served build (`/sdk/lunas-components.*`) finds Lunas and its
 * lazy modules next to itself. A copy bundled into a merchant's own code must be told `baseUrl`.
 */
const SCRIPT_URL: string | undefined = (() => {
  if (typeof __LUNAS_SERVED_BUILD__ === 'undefined' || typeof document === 'undefined') return undefined;
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.src) return current.src;
  try {
    return import.meta.url;
  } catch {
    return undefined;
  }
})();

/**
 * The SDK: the public surface of xendit-components-web 0.0.24 (so porting a checkout is changing
 * the import), talking to your own Lunas. See docs/components.md for the few differences.
 */
export class LunasComponents extends EventTarget {
  readonly #checkout: Checkout;
  readonly #env: Env;
  readonly #mounted = new Map<HTMLElement, Mounted>();
  readonly #actionContainers = new Set<HTMLElement>();
  #modal: Mounted | undefined;

  /** `mock` is for LunasComponentsTest: canned channels and outcomes, no network. */
  constructor(options: T.LunasSdkOptions, mode: { mock: boolean } = { mock: false }) {
    super();
    const key = parseSdkKey(mode.mock ? MOCK_KEY : options?.componentsSdkKey);
    if (typeof window === 'undefined' || window.location.origin === 'null') throw new Error('Lunas Components must run in a page with a real origin (http or https), listed in components_configuration.origins.');
    const baseUrl = resolveBaseUrl(options.baseUrl);
    let mockGateway: Promise<Gateway> | undefined;
    const gateway: Gateway = mode.mock ? lazyGateway(() => (mockGateway ??= this.#env.lazy.load('mock').then((m) => m.createMockGateway()))) : httpGateway(baseUrl, key.sessionAuthKey);
    this.#env = this.#setup(options, key, baseUrl, gateway, { testMode: true, mock: mode.mock });
    this.#checkout = this.#env.checkout;
    void this.#checkout.start();
  }

  #setup(options: T.LunasSdkOptions, key: SdkKey, baseUrl: string, gateway: Gateway, mode: { testMode: boolean; mock: boolean }): Env {
    installStyles();
    let locale: string = options.locale ?? 'en';
    const env = {} as Env;
    const checkout = new Checkout({
      gateway,
      events: this,
      t: () => env.t,
      userAgent: navigator.userAgent,
      phoneValid: () => env.lazy.peek('phone')?.isValidE164,
    });
    checkout.subscribe(() => {
      // The session's locale decides the language unless the merchant chose one.
      const wanted = options.locale ?? checkout.state.session?.locale ?? 'en';
      if (wanted !== locale && wanted in DICTIONARIES) {
        locale = wanted;
        env.t = translator(locale);
        env.locale = locale;
      }
      this.#syncModal();
    });
    Object.assign(env, {
      checkout,
      t: translator(locale),
      locale,
      baseUrl,
      key: { publicKey: key.publicKey, signature: key.signature },
      appearance: options.iframeFieldAppearance,
      bridge: mode.mock ? null : new SecureFieldBridge(new URL(baseUrl).origin),
      testMode: mode.testMode,
      mock: mode.mock,
      lazy: lazyModules(SCRIPT_URL ?? new URL('/sdk/', baseUrl).href, () => checkout.changed()),
    } satisfies Env);
    return env;
  }

  // ---- session and channels ----

  getSession(): T.XenditSession {
    return toPublicSession(this.#requireReady().session!);
  }

  getCustomer(): T.XenditCustomer | null {
    const customer = this.#requireReady().data!.customer;
    if (!customer || customer.type !== 'INDIVIDUAL' || !customer.individual_detail) return null;
    return {
      id: customer.id,
      type: 'INDIVIDUAL',
      ...(customer.email ? { email: customer.email } : {}),
      ...(customer.mobile_number ? { mobileNumber: customer.mobile_number } : {}),
      individualDetail: { givenNames: customer.individual_detail.given_names, ...(customer.individual_detail.surname ? { surname: customer.individual_detail.surname } : {}) },
    };
  }

  getActiveChannels(options?: T.XenditGetChannelsOptions): T.XenditPaymentChannel[] {
    const state = this.#requireReady();
    const session = state.session!;
    return state.channels
      .map((c) => c.public)
      .filter((c) => (options?.filterMinMax === false ? true : withinLimits(c, session.amount, session.session_type)))
      .filter((c) => (options?.filter === undefined ? true : matchesFilter(c, options.filter)));
  }

  getActiveChannelGroups(options?: T.XenditGetChannelsOptions): T.XenditPaymentChannelGroup[] {
    const active = new Set(this.getActiveChannels(options));
    return this.#checkout.state.groups.map((g) => ({ ...g, channels: g.channels.filter((c) => active.has(c)) })).filter((g) => g.channels.length > 0);
  }

  getCurrentChannel(): T.XenditPaymentChannel | null {
    return this.#checkout.state.current?.public ?? null;
  }

  setCurrentChannel(channel: T.XenditPaymentChannel | null): void {
    this.#checkout.select(channel === null ? null : this.#uiChannel(channel));
  }

  // ---- components ----

  createChannelPickerComponent(): HTMLElement {
    return this.#keep(mount(this.#env, () => <Picker />));
  }

  createChannelComponent(channel: T.XenditPaymentChannel, active = true): HTMLElement {
    const ui = this.#uiChannel(channel);
    if (active) this.#checkout.select(ui);
    return this.#keep(mount(this.#env, () => <ChannelForm channel={ui} />));
  }

  createActionContainerComponent(_options?: T.ActionContainerOptions): HTMLElement {
    const mounted = mount(this.#env, () => <ActionPanel modal={false} />);
    this.#actionContainers.add(mounted.element);
    this.#syncModal();
    return this.#keep(mounted);
  }

  destroyComponent(component: HTMLElement): void {
    this.#mounted.get(component)?.destroy();
    this.#mounted.delete(component);
    this.#actionContainers.delete(component);
  }

  // ---- submitting ----

  submit(): void {
    void this.#checkout.submit();
  }

  abortSubmission(): void {
    this.#checkout.abortSubmission();
  }

  simulatePayment(): void {
    void this.#checkout.simulatePayment().catch(() => undefined);
  }

  pollImmediately(): void {
    this.#checkout.pollImmediately();
  }

  showValidationErrors(): void {
    this.#checkout.showValidationErrors();
  }

  /** Stops polling and timers and removes every component (not in the official API). */
  destroy(): void {
    for (const element of [...this.#mounted.keys()]) this.destroyComponent(element);
    this.#modal?.destroy();
    this.#env.bridge?.destroy();
    this.#checkout.destroy();
  }

  override addEventListener<K extends keyof XenditEventMap>(type: K, listener: ((this: LunasComponents, event: XenditEventMap[K]) => void) | null, options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void {
    super.addEventListener(type, listener, options);
  }

  static amountFormat = (amount: number, currency: string): string => new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);

  // ---- internals ----

  #keep(mounted: Mounted): HTMLElement {
    this.#mounted.set(mounted.element, mounted);
    return mounted.element;
  }

  #requireReady() {
    const state = this.#checkout.state;
    if (state.phase !== 'ready') throw new Error('Lunas Components: wait for the "init" event before reading the session or channels.');
    return state;
  }

  #uiChannel(channel: T.XenditPaymentChannel) {
    const ui = this.#checkout.state.channels.find((c) => c.public === channel || JSON.stringify(c.public.channelCode) === JSON.stringify(channel.channelCode));
    if (!ui) throw new Error('Lunas Components: that channel is not one of getActiveChannels().');
    return ui;
  }

  /** Without an action container on the page, actions open in a modal dialog. */
  #syncModal(): void {
    if (typeof document === 'undefined') return;
    const submission = this.#checkout?.state.submission;
    const needed = submission?.stage === 'entity' && submission.action !== null && [...this.#actionContainers].every((c) => !c.isConnected);
    if (needed && !this.#modal) {
      this.#modal = mount(this.#env, () => <ActionPanel modal />, 'lunas-modal-host');
      document.body.append(this.#modal.element);
    } else if (!needed && this.#modal) {
      this.#modal.destroy();
      this.#modal = undefined;
    }
  }
}

/** LunasComponentsTest: the official XenditComponentsTest's mock mode, for building a checkout without a server. */
export class LunasComponentsTest extends LunasComponents {
  constructor(options: Omit<T.LunasSdkOptions, 'componentsSdkKey'> & { componentsSdkKey?: string }) {
    super({ ...options, componentsSdkKey: MOCK_KEY }, { mock: true });
  }
}

const MOCK_KEY = 'session-00000000000000000000000000000000-mock-MOCK-MOCK';

/** A gateway whose implementation arrives later (the mock module is loaded on first use). */
function lazyGateway(get: () => Promise<Gateway>): Gateway {
  return {
    session: () => get().then((g) => g.session()),
    createPaymentRequest: (body, signal) => get().then((g) => g.createPaymentRequest(body, signal)),
    createPaymentToken: (body, signal) => get().then((g) => g.createPaymentToken(body, signal)),
    poll: (id) => get().then((g) => g.poll(id)),
    cardInfo: (envelope) => get().then((g) => g.cardInfo(envelope)),
    simulate: (id, code) => get().then((g) => g.simulate(id, code)),
    validateOtp: (url, code) => get().then((g) => g.validateOtp(url, code)),
    resendOtp: (url) => get().then((g) => g.resendOtp(url)),
  };
}

function resolveBaseUrl(explicit: string | undefined): string {
  const base = explicit ?? (SCRIPT_URL ? new URL(SCRIPT_URL).origin : typeof window !== 'undefined' ? window.location.origin : undefined);
  if (!base) throw new Error('Lunas Components: pass baseUrl, the address of your Lunas server.');
  return new URL(base).origin;
}

function toPublicSession(s: T.BffSession): T.XenditSession {
  return {
    id: s.payment_session_id,
    ...(s.description !== undefined ? { description: s.description } : {}),
    sessionType: s.session_type,
    mode: 'COMPONENTS',
    referenceId: s.reference_id,
    country: s.country,
    currency: s.currency,
    amount: s.amount,
    ...(s.channel_properties ? { channelProperties: s.channel_properties } : {}),
    expiresAt: new Date(s.expires_at),
    locale: s.locale,
    status: s.status,
    ...(s.allow_save_payment_method ? { allowSavePaymentMethod: s.allow_save_payment_method } : {}),
    ...(s.capture_method ? { captureMethod: s.capture_method } : {}),
    ...(s.items ? { items: s.items.map((i) => ({ type: i.type, name: i.name, netUnitAmount: i.net_unit_amount, quantity: i.quantity, ...(i.reference_id ? { referenceId: i.reference_id } : {}), ...(i.url ? { url: i.url } : {}), ...(i.image_url ? { imageUrl: i.image_url } : {}), ...(i.category ? { category: i.category } : {}), ...(i.description ? { description: i.description } : {}) })) } : {}),
  };
}
