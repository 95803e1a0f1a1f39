/**
 * Code only some checkouts need (QR rendering, barcodes, phone-number rules, mock data) is not in
 * the core bundle: each is its own ES module next to the SDK on Lunas, fetched the first time a
 * channel needs it. The served build fills in the content-hashed file names.
 */
import type { PhoneModule } from './phone.ts';
import type { QrModule } from './qr.ts';
import type { BarcodeModule } from './barcode.ts';
import type { MockModule } from '../mock/index.ts';

export interface LazyModuleMap {
  qr: QrModule;
  barcode: BarcodeModule;
  phone: PhoneModule;
  mock: MockModule;
}
export type LazyName = keyof LazyModuleMap;

declare const __LUNAS_CHUNKS__: Record<LazyName, string> | undefined;

export interface LazyModules {
  load<N extends LazyName>(name: N): Promise<LazyModuleMap[N]>;
  /** The module if it has already arrived. */
  peek<N extends LazyName>(name: N): LazyModuleMap[N] | undefined;
}

export function lazyModules(assetBase: string, onLoaded: () => void): LazyModules {
  const loaded = new Map<LazyName, unknown>();
  const pending = new Map<LazyName, Promise<unknown>>();
  const files: Record<LazyName, string> =
    typeof __LUNAS_CHUNKS__ === 'object' && __LUNAS_CHUNKS__ !== null
      ? __LUNAS_CHUNKS__
      : { qr: 'lunas-components-qr.mjs', barcode: 'lunas-components-barcode.mjs', phone: 'lunas-components-phone.mjs', mock: 'lunas-components-mock.mjs' };
  return {
    load<N extends LazyName>(name: N): Promise<LazyModuleMap[N]> {
      let promise = pending.get(name);
      if (!promise) {
        const url = new URL(files[name], assetBase).href;
        promise = import(/* @vite-ignore */ url).then((module: unknown) => {
          loaded.set(name, module);
          onLoaded();
          return module;
        });
        pending.set(name, promise);
        promise.catch(() => pending.delete(name));
      }
      return promise as Promise<LazyModuleMap[N]>;
    },
    peek: <N extends LazyName>(name: N) => loaded.get(name) as LazyModuleMap[N] | undefined,
  };
}
