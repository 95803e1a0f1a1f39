/**
 * Entry point of the secure card-field page (bundled by build.ts into an inline script).
 *
 * The unmodified Xendit Components SDK 0.0.24 loads this page once per card field as
 * `…/secure-iframe-v0.0.24.html?input_type=…&embedder=…&session_id=…&pk=…&sig=…[&appearance=…]`
 * (components-protocol.md §3). The card data exists in plaintext only here; the merchant page
 * (a different origin) only ever receives ciphertext for our server's pinned key.
 */
import { applyAppearance, parseAppearance } from './css.ts';
import { createCipher, fromBase64, verifyPin, type FieldCipher } from './field-crypto.ts';
import { createField, formatCardNumber, showFailure } from './ui.ts';
import { FIELD_TYPES, plaintexts, validateField, type FieldType } from './validate.ts';
import {
  IFRAME_BLUR,
  IFRAME_CHANGE,
  IFRAME_FAILED_INIT,
  IFRAME_FOCUS,
  IFRAME_POPULATE_FOR_SIMULATION,
  IFRAME_READY,
  type IframeFailedInitMessage,
  type SecureFieldToSdkMessage,
} from '@lunas/protocol/messages';

/**
 * The public pinning JWKs {kty, crv, x, y} as a JSON string: esbuild `define` puts a marker
 * string here at build time, and render.ts replaces it with the keys when it renders the page.
 */
declare const __LUNAS_PINNING_KEYS__: string;

class StartupError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Replaces the field with "✕ <code>" so nobody can type a card that would not be protected.
 * Startup failures go to '*': the embedder origin may be the very thing that is wrong, and the
 * message carries nothing secret. The SDK only logs it.
 */
function fail(code: string): void {
  console.error(`Lunas secure field could not start: ${code}`);
  showFailure(code);
  window.parent.postMessage({ type: IFRAME_FAILED_INIT } satisfies IframeFailedInitMessage, '*');
}

/**
 * The SDK 0.0.24 test-scenario selector (dev hosts only) asks the field to fill in a test card;
 * the names look like "3_ds_frictionless_authentication_is_successful_visa". Lunas's simulator
 * test cards stand in per brand; names we cannot honour (e.g. "failing_transaction_…") are ignored.
 */
/**
 * The SDK's test-scenario picker (hosts pd/sd) names a network and a 3DS flow; the card must
 * produce that flow in Lunas's simulator (docs/testing.md).
 */
const SCENARIO_CARDS: [network: string, challenge: boolean, number: string, cvn: string][] = [
  ['visa', true, '4000000000001091', '123'],
  ['visa', false, '4000000000001000', '123'],
  ['mastercard', true, '5200000000002151', '123'],
  ['mastercard', false, '5200000000001096', '123'],
  ['amex', true, '340000000002534', '1234'],
  ['amex', false, '378282246310005', '1234'],
];

function simulationValue(scenario: string, type: FieldType): string | null {
  const name = scenario.toLowerCase();
  if (!name.includes('3_ds')) return null;
  const network = name.includes('4_digit_cvn') || name.includes('amex') || name.includes('american') ? 'amex' : name.includes('mastercard') ? 'mastercard' : name.includes('visa') ? 'visa' : null;
  if (network === null) return null;
  const challenge = !name.includes('frictionless');
  const found = SCENARIO_CARDS.find(([n, c]) => n === network && c === challenge);
  if (!found) return null;
  const [, , number, cvn] = found;
  return { credit_card_number: formatCardNumber(number), credit_card_expiry: '12/30', credit_card_cvn: cvn }[type];
}

function readParams(): { type: FieldType; embedder: string; sessionId: string; pk: string; sig: string } {
  const query = new URLSearchParams(location.search);
  const get = (name: string) => {
    const value = query.get(name);
    if (!value) throw new StartupError(`missing_${name}`);
    return value;
  };
  const type = get('input_type');
  const embedder = get('embedder');
  const sessionId = get('session_id');
  const pk = get('pk');
  const sig = get('sig');
  if (!(FIELD_TYPES as readonly string[]).includes(type)) throw new StartupError('bad_input_type');
  // Must be a bare origin: it is both our postMessage target and our inbound filter, and
  // postMessage would throw on anything that does not parse.
  let parsed: string;
  try {
    parsed = new URL(embedder).origin;
  } catch {
    throw new StartupError('bad_embedder');
  }
  if (parsed !== embedder || parsed === 'null') throw new StartupError('bad_embedder');
  return { type: type as FieldType, embedder, sessionId, pk, sig };
}

async function start(): Promise<void> {
  let pinningKeys: JsonWebKey[] | undefined;
  try {
    pinningKeys = JSON.parse(__LUNAS_PINNING_KEYS__) as JsonWebKey[];
  } catch {
    throw new StartupError('no_pinning_keys');
  }
  if (!Array.isArray(pinningKeys) || pinningKeys.length === 0) throw new StartupError('no_pinning_keys');
  // An opaque origin (sandbox without allow-same-origin) would let any page impersonate us.
  if (self.origin === 'null') throw new StartupError('null_origin');
  if (!globalThis.crypto?.subtle) throw new StartupError('no_webcrypto');
  const { type, embedder, sessionId, pk, sig } = readParams();

  let spki: Uint8Array<ArrayBuffer>;
  let signature: Uint8Array<ArrayBuffer>;
  try {
    spki = fromBase64(pk);
    signature = fromBase64(sig);
  } catch {
    throw new StartupError('bad_key_encoding');
  }
  if (!(await verifyPin(pinningKeys, spki, signature))) throw new StartupError('key_not_pinned');
  let cipher: FieldCipher;
  try {
    cipher = await createCipher(spki, sessionId);
  } catch {
    throw new StartupError('bad_server_key');
  }

  const post = (message: SecureFieldToSdkMessage) => window.parent.postMessage(message, embedder);
  post({ type: IFRAME_READY, ecdhPublicKey: cipher.publicKeyBase64 });

  let lastSent = '';
  // Encryption is async; chaining keeps change messages in typing order, so the SDK's last
  // message always describes the field's current value.
  let queue = Promise.resolve();
  const onChange = (value: string) => {
    const texts = plaintexts(type, value);
    const key = JSON.stringify(texts);
    if (key === lastSent) return; // e.g. a typed space the formatter removed again
    lastSent = key;
    const { empty, valid, validationErrorCodes, cardBrand } = validateField(type, value);
    queue = queue
      .then(async () => {
        const encrypted = await Promise.all(texts.map((text) => cipher.encrypt(text)));
        post({ type: IFRAME_CHANGE, encrypted, empty, valid, validationErrorCodes, cardBrand });
      })
      .catch(() => fail('encrypt_failed'));
  };

  const input = createField(type, {
    change: onChange,
    focus: () => post({ type: IFRAME_FOCUS }),
    blur: () => post({ type: IFRAME_BLUR }),
  }, new URLSearchParams(location.search).get('locale') ?? 'en');
  const appearance = parseAppearance(new URLSearchParams(location.search).get('appearance'));
  if (appearance) void applyAppearance(input, appearance);

  window.addEventListener('message', (event) => {
    // Only the SDK in our direct parent, on the origin it told us, may drive the field.
    if (event.origin !== embedder || event.source !== window.parent || !isRecord(event.data)) return;
    const data = event.data;
    if (data.type === IFRAME_FOCUS) {
      input.focus();
    } else if (data.type === IFRAME_POPULATE_FOR_SIMULATION && typeof data.scenario === 'string') {
      const value = simulationValue(data.scenario, type);
      if (value === null) return;
      input.value = value;
      onChange(value);
    }
  });
}

start().catch((error: unknown) => fail(error instanceof StartupError ? error.code : 'startup_error'));
