/**
 * The hosted checkout page's script (browser code, bundled by esbuild at first request and
 * served from Lunas's origin). The payment form is Lunas's own SDK, @lunas/components, loaded
 * from `/sdk/lunas-components.mjs`; this script only wires the page around it:
 * - the Pay button follows `submission-ready` / `submission-not-ready` and calls `submit()`;
 * - a failed attempt shows the SDK's `userErrorMessage`, and the form stays for a retry;
 * - `session-complete` goes to the success URL, `session-expired-or-canceled` to the cancel
 *   URL (each the merchant's return URL, or the link itself, which then shows the result);
 * - a page left open past the session's expiry reloads the link, whose server answer decides.
 * The SDK is imported dynamically so that, should it fail to load, the customer is told.
 */
export interface CheckoutConfig {
  sdkKey: string;
  baseUrl: string;
  locale: string;
  /** Where to go when the session completes / expires or is canceled. */
  completeUrl: string;
  endedUrl: string;
  /** The link itself: reloading it shows the session's current state. */
  linkUrl: string;
  /** Milliseconds from the server's "now" (at render) to the session's expiry. */
  expiresInMs: number;
  words: { processing: string; redirecting: string; loadFailed: string; failedTitle: string; tryAgain: string };
}

/** The part of the SDK this page uses (xendit-components-web's API, with Lunas's options). */
interface Sdk extends EventTarget {
  createChannelPickerComponent(): HTMLElement;
  submit(): void;
  showValidationErrors?(): void;
}
type SdkModule = { LunasComponents: new (options: { componentsSdkKey: string; baseUrl: string; locale?: string }) => Sdk };
type SubmissionEnd = Event & { reason?: string; userErrorMessage?: string[] };

const SDK_URL = '/sdk/lunas-components.mjs';
const MAX_TIMER_MS = 2_147_483_647;

const byId = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the checkout page`);
  return element as T;
};

async function main(): Promise<void> {
  const config = JSON.parse(byId('checkout-config').textContent ?? '{}') as CheckoutConfig;
  const form = byId('checkout-form');
  const pay = byId<HTMLButtonElement>('checkout-pay');
  const errorBox = byId('checkout-error');
  const status = byId('checkout-status');
  const payLabel = pay.textContent ?? '';
  let ready = false;
  let submitting = false;
  let leaving = false;

  const showError = (title: string, details: string[]) => {
    const strong = document.createElement('strong');
    strong.textContent = title;
    const paragraphs = details.map((line) => {
      const p = document.createElement('p');
      p.textContent = line;
      return p;
    });
    errorBox.replaceChildren(strong, ...paragraphs);
    errorBox.hidden = false;
  };
  const clearError = () => {
    errorBox.hidden = true;
    errorBox.replaceChildren();
  };
  const refresh = () => {
    pay.disabled = leaving || submitting || !ready;
  };
  const leave = (url: string) => {
    if (leaving) return;
    leaving = true;
    refresh();
    status.textContent = config.words.redirecting;
    location.replace(url);
  };
  const fatal = () => {
    form.removeAttribute('aria-busy');
    ready = false;
    refresh();
    showError(config.words.loadFailed, []);
  };

  // Should the SDK not notice the expiry (it looks at expires_at itself), reload the link a little
  // later: the server, by its own clock, then shows the EXPIRED result (or COMPLETED, if a
  // payment landed just before).
  setTimeout(() => leave(config.linkUrl), Math.min(Math.max(config.expiresInMs, 0) + 10_000, MAX_TIMER_MS));

  let sdkModule: SdkModule;
  try {
    sdkModule = (await import(SDK_URL)) as SdkModule;
  } catch {
    return fatal();
  }
  let sdk: Sdk;
  try {
    sdk = new sdkModule.LunasComponents({ componentsSdkKey: config.sdkKey, baseUrl: config.baseUrl, locale: config.locale });
    form.replaceChildren(sdk.createChannelPickerComponent());
    form.removeAttribute('aria-busy');
  } catch {
    return fatal();
  }

  sdk.addEventListener('submission-ready', () => {
    ready = true;
    refresh();
  });
  sdk.addEventListener('submission-not-ready', () => {
    ready = false;
    refresh();
  });
  sdk.addEventListener('submission-begin', () => {
    submitting = true;
    clearError();
    pay.textContent = config.words.processing;
    pay.setAttribute('aria-busy', 'true');
    refresh();
  });
  sdk.addEventListener('submission-end', (event) => {
    const { reason = '', userErrorMessage } = event as SubmissionEnd;
    submitting = false;
    pay.textContent = payLabel;
    pay.removeAttribute('aria-busy');
    // The SDK's message: a title and one or two lines, already in the session's language.
    if (leaving) return refresh();
    if (userErrorMessage?.length) showError(userErrorMessage[0]!, userErrorMessage.length > 1 ? userErrorMessage.slice(1) : [config.words.tryAgain]);
    else if (/FAIL|ERROR/.test(reason)) showError(config.words.failedTitle, [config.words.tryAgain]);
    refresh();
  });
  sdk.addEventListener('session-complete', () => leave(config.completeUrl));
  sdk.addEventListener('session-expired-or-canceled', () => leave(config.endedUrl));
  sdk.addEventListener('fatal-error', fatal);

  pay.addEventListener('click', () => {
    if (pay.disabled) return;
    try {
      sdk.submit();
    } catch {
      sdk.showValidationErrors?.();
    }
  });
}

void main();
