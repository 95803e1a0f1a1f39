import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { freePort } from './ports.ts';
import { startLunas, type LunasProcess } from './process.ts';
import { startReceiver, type Receiver } from './receiver.ts';
import { freshStoreTarget, type StoreTarget } from './stores.ts';
import type { Dialect } from '../../src/db/store.ts';

/**
 * What every browser e2e suite starts: a fresh store of the dialect, a webhook receiver, a
 * `lunas start` process on a free port (its public URL = where it listens, fast webhook retries)
 * and Chromium. `close()` stops them in reverse order, each on its own, so one failure does not
 * leak the rest; a failure while starting stops what had started.
 */
export interface BrowserStack {
  target: StoreTarget;
  receiver: Receiver;
  lunas: LunasProcess;
  browser: Browser;
  close(): Promise<void>;
}

export async function startBrowserStack(dialect: Dialect, secretKey: string, env: Record<string, string> = {}): Promise<BrowserStack> {
  const started: Partial<BrowserStack> = {};
  const close = async () => {
    const errors: string[] = [];
    const steps = [() => started.browser?.close(), () => started.lunas?.stop(), () => started.receiver?.close(), () => started.target?.dispose()];
    for (const step of steps) await Promise.resolve(step()).catch((error: unknown) => errors.push(String(error)));
    if (errors.length) throw new Error(`cleanup failed:\n${errors.join('\n')}`);
  };
  try {
    started.target = await freshStoreTarget(dialect);
    started.receiver = await startReceiver();
    const port = await freePort();
    started.lunas = await startLunas({
      LUNAS_PORT: String(port),
      LUNAS_PUBLIC_URL: `http://127.0.0.1:${port}`,
      LUNAS_SECRET_KEY: secretKey,
      LUNAS_WEBHOOK_URL: started.receiver.url,
      LUNAS_WEBHOOK_RETRY_SCHEDULE: '1s,2s,4s',
      LUNAS_DATA_DIR: started.target.dataDir,
      DATABASE_URL: started.target.databaseUrl,
      ...env,
    });
    started.browser = await launchBrowser();
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  return { ...(started as Omit<BrowserStack, 'close'>), close };
}
