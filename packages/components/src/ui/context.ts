import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Checkout } from '../checkout.ts';
import type { Translate } from '../i18n/index.ts';
import type { LazyModules } from '../lazy/load.ts';
import type { SecureFieldBridge } from '../secure-fields.ts';
import type { IframeAppearanceOptions } from '../types.ts';

/** What every view needs: the checkout, the language, and how to reach Lunas. */
export interface Env {
  checkout: Checkout;
  t: Translate;
  locale: string;
  baseUrl: string;
  key: { publicKey: string; signature: string };
  appearance: IframeAppearanceOptions | undefined;
  bridge: SecureFieldBridge | null;
  /** "Simulate payment" buttons: Lunas's acquirer is the test-mode simulator, always. */
  testMode: boolean;
  /** Mock mode: card inputs without iframes, no server. */
  mock: boolean;
  lazy: LazyModules;
}

export const EnvContext = createContext<Env | null>(null);

export function useEnv(): Env {
  const env = useContext(EnvContext);
  if (!env) throw new Error('Lunas Components: a view rendered outside its SDK instance');
  return env;
}
