/**
 * The script-tag build: `window.LunasComponents` is the SDK class itself (`new LunasComponents({…})`),
 * and also carries the test class, the official names and the event classes.
 */
import * as api from './index.ts';
import { LunasComponents } from './sdk.tsx';

export default Object.assign(LunasComponents, api);
