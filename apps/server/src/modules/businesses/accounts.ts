import type { Clock } from '../../clock.ts';
import type { Db, Tx } from '../../db/store.ts';
import { Errors } from '../../errors.ts';
import { newBusinessId } from '../../ids.ts';
import type { AccountInput, AccountView } from './schemas.ts';
import { businessStore, type Business, type BusinessRow } from './store.ts';

/**
 * xenPlatform sub-accounts over HTTP (`POST /v2/accounts`, `GET /v2/accounts/{id}`): a
 * sub-account is a business with `parent_id`, which its parent acts for with `for-user-id`.
 * Only OWNED accounts: they are live at once and have no keys or dashboard of their own, which
 * is all a self-hosted test server can honestly offer (MANAGED ones need an invited user).
 */
const view = (row: BusinessRow): AccountView => ({
  id: row.id,
  created: row.created,
  updated: row.updated ?? row.created,
  type: row.account_type ?? 'OWNED',
  email: row.email,
  public_profile: { business_name: row.name },
  status: 'LIVE',
});

export function accountService(db: Db, clock: Clock) {
  return {
    async create(parent: Business, input: AccountInput, commit?: (trx: Tx, status: number, body: unknown) => Promise<void>): Promise<AccountView> {
      // xenPlatform has one level: a platform and its accounts.
      if (parent.parent_id !== null) throw Errors.subAccountCannotNest();
      if (input.type !== 'OWNED') throw Errors.fieldInvalid('/body/type', 'must be OWNED: Lunas has no MANAGED accounts (they need an invited user and a dashboard)');
      const name = input.public_profile.business_name.trim();
      if (name === '') throw Errors.fieldInvalid('/body/public_profile/business_name', 'must not be blank');
      const now = clock.now().toISOString();
      const row: BusinessRow = { id: newBusinessId(), name, parent_id: parent.id, created: now, email: input.email ?? null, account_type: 'OWNED', updated: now };
      const account = view(row);
      await db.transaction().execute(async (trx) => {
        await businessStore.insert(trx, row);
        await commit?.(trx, 201, account);
      });
      return account;
    },

    /** Only the caller's own sub-accounts: anything else reads as not found. */
    async get(parentId: string, id: string): Promise<AccountView> {
      const row = await businessStore.findRow(db, id);
      if (!row || row.parent_id !== parentId) throw Errors.accountNotFound();
      return view(row);
    },
  };
}

export type AccountService = ReturnType<typeof accountService>;
