import { formatEnvelope } from '@lunas/protocol/envelope';
import { IFRAME_BLUR, IFRAME_CHANGE, IFRAME_FAILED_INIT, IFRAME_FOCUS, IFRAME_READY, type EncryptedPart, type IframeFocusMessage } from '@lunas/protocol/messages';
import type { CardFieldState } from './state.ts';

/**
 * The page side of the secure card fields (components-protocol.md §3.2): the iframes hold the
 * card data and send only ciphertext for the session's key; this bridge turns their messages
 * into envelopes. A message counts only if it comes from Lunas's origin and from one of the
 * iframes this SDK created.
 */
export interface CardFieldReport extends CardFieldState {
  /** One envelope (number, CVN) or two (expiry month, year); "" while the field is empty. */
  value: string | string[];
}

interface Registration {
  frame: HTMLIFrameElement;
  onReport: (report: CardFieldReport) => void;
  onBlur: () => void;
  publicKey: string | null;
}

export class SecureFieldBridge {
  readonly #frames = new Set<Registration>();
  readonly #listener = (event: MessageEvent) => this.#receive(event);

  constructor(private readonly lunasOrigin: string) {
    window.addEventListener('message', this.#listener);
  }

  register(frame: HTMLIFrameElement, onReport: (report: CardFieldReport) => void, onBlur: () => void): () => void {
    const registration: Registration = { frame, onReport, onBlur, publicKey: null };
    this.#frames.add(registration);
    return () => this.#frames.delete(registration);
  }

  /** Asks a field to take focus (its label was clicked). */
  focus(frame: HTMLIFrameElement): void {
    frame.contentWindow?.postMessage({ type: IFRAME_FOCUS } satisfies IframeFocusMessage, this.lunasOrigin);
  }

  #receive(event: MessageEvent): void {
    if (event.origin !== this.lunasOrigin) return;
    const registration = [...this.#frames].find((r) => r.frame.contentWindow === event.source);
    const data = event.data as Record<string, any> | null;
    if (!registration || typeof data !== 'object' || data === null) return;
    if (data.type === IFRAME_READY && typeof data.ecdhPublicKey === 'string') {
      registration.publicKey = data.ecdhPublicKey;
    } else if (data.type === IFRAME_CHANGE && registration.publicKey && Array.isArray(data.encrypted)) {
      const publicKey = registration.publicKey;
      const envelopes = (data.encrypted as EncryptedPart[]).map((part) => formatEnvelope(publicKey, part));
      const errors = Array.isArray(data.validationErrorCodes) ? (data.validationErrorCodes as { localeKey?: string }[]) : [];
      registration.onReport({
        empty: data.empty === true,
        valid: data.valid === true,
        errorKey: errors[0]?.localeKey ?? null,
        brand: typeof data.cardBrand === 'string' ? data.cardBrand : null,
        value: data.empty === true ? '' : envelopes.length === 1 ? envelopes[0]! : envelopes,
      });
    } else if (data.type === IFRAME_BLUR) {
      registration.onBlur();
    } else if (data.type === IFRAME_FAILED_INIT) {
      console.error('Lunas Components: a secure card field could not start; check that the page origin is listed in components_configuration.origins.');
    }
  }

  destroy(): void {
    window.removeEventListener('message', this.#listener);
    this.#frames.clear();
  }
}
