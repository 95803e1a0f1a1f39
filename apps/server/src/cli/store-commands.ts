import { Command, Option } from 'commander';
import { systemClock } from '../clock.ts';
import type { Config } from '../config.ts';
import { openStore, type Store } from '../db/store.ts';
import { businessService } from '../modules/businesses/service.ts';
import { sdkKeyService } from '../modules/sdk-keys/service.ts';
import { openMasterKeys } from '../modules/vault/master-key.ts';
import { createVault } from '../modules/vault/vault.ts';
import { configFrom } from './config.ts';
import { out, table } from './output.ts';
import { addSettingOptions, STORE_SETTINGS } from './settings.ts';

/**
 * Commands that work on the store itself, with the store settings (--data-dir, --database-url,
 * --master-key), not through a running Lunas: the schema, businesses (a new Xendit account, not
 * something one business's key may do) and the components_sdk_key pairs sealed by the master key.
 */
async function withStore(config: Config, work: (store: Store) => Promise<void>): Promise<void> {
  const store = await openStore({ ...config, waitMs: config.dbWaitMs });
  try {
    await work(store);
  } finally {
    await store.close();
  }
}

function migrateCommand(): Command {
  return addSettingOptions(new Command('migrate').description("bring the store's schema up to date and exit"), STORE_SETTINGS).action(async (options) => {
    await withStore(configFrom(options), async () => void out('schema is up to date'));
  });
}

function businessesCommand(): Command {
  const businesses = new Command('businesses').description('independent businesses on the store, each with its own secret key');
  addSettingOptions(businesses.command('create').description('create a business and print its first secret key (once)').option('--name <name>', 'the business name', 'Business'), STORE_SETTINGS).action(
    async (options: { name: string }) => {
      await withStore(configFrom(options), async (store) => {
        const { business, secretKey } = await businessService(store.db, systemClock).createBusiness({ name: options.name });
        out(`${table([['business_id', business.id], ['name', business.name], ['secret key', secretKey]])}\n(shown once; Lunas keeps only its hash)`);
      });
    },
  );
  addSettingOptions(businesses.command('list').description('list businesses and sub-accounts'), STORE_SETTINGS).action(async (options) => {
    await withStore(configFrom(options), async (store) => {
      const all = await businessService(store.db, systemClock).listBusinesses();
      out(all.length ? all.map((b) => `${b.id}  ${b.parent_id ? `sub-account of ${b.parent_id}` : 'business'}  ${b.name}`).join('\n') : '(no business yet: `lunas start` creates the first)');
    });
  });
  return businesses;
}

function sdkKeysCommand(): Command {
  const sdkKeys = new Command('sdk-keys').description('the key pairs behind components_sdk_key (sealed with the master key)');
  addSettingOptions(
    sdkKeys
      .command('rotate')
      .description('add a new generation of key pairs; existing sessions keep theirs')
      .addOption(new Option('--kind <kind>', 'which pair: the session encryption key or the pinning key').choices(['ecdh', 'pinning']).default('ecdh')),
    STORE_SETTINGS,
  ).action(async (options: { kind: 'ecdh' | 'pinning' }) => {
    const config = configFrom(options);
    await withStore(config, async (store) => {
      const vault = createVault(await openMasterKeys(store.db, config.masterKey, config.dataDir));
      const keys = sdkKeyService(store.db, systemClock, vault);
      await keys.init();
      const pair = await keys.rotate(options.kind);
      out(`new ${options.kind} key generation ${pair.generation}; existing sessions keep their keys`);
    });
  });
  return sdkKeys;
}

export const storeCommands = (): Command[] => [migrateCommand(), businessesCommand(), sdkKeysCommand()];
