/**
 * @lunas/components: an embeddable checkout with the public API of xendit-components-web 0.0.24,
 * talking to your own Lunas. `XenditComponents` / `XenditComponentsTest` are aliases, so a
 * checkout written for the official SDK ports by changing its import.
 */
export { LunasComponents, LunasComponentsTest } from './sdk.tsx';
export { LunasComponents as XenditComponents, LunasComponentsTest as XenditComponentsTest } from './sdk.tsx';
export * from './events.ts';
export type * from './types.ts';
import { LunasComponents } from './sdk.tsx';
export const amountFormat = LunasComponents.amountFormat;
