import type { Selectable } from 'kysely';
import type { Executor } from '../../db/store.ts';
import type { DashboardSessionsTable } from '../../db/tables.ts';

export type DashboardSessionRow = Selectable<DashboardSessionsTable>;

/** The only code that touches dashboard_sessions. */
export const dashboardStore = {
  async insert(db: Executor, row: DashboardSessionRow): Promise<void> {
    await db.insertInto('dashboard_sessions').values(row).execute();
  },

  /** A sign-in by its token's hash, only while it has not expired. */
  async findLive(db: Executor, id: string, now: string): Promise<DashboardSessionRow | undefined> {
    return db.selectFrom('dashboard_sessions').selectAll().where('id', '=', id).where('expires_at', '>', now).executeTakeFirst();
  },

  async setActing(db: Executor, id: string, businessId: string): Promise<void> {
    await db.updateTable('dashboard_sessions').set({ acting_business_id: businessId }).where('id', '=', id).execute();
  },

  async remove(db: Executor, id: string): Promise<void> {
    await db.deleteFrom('dashboard_sessions').where('id', '=', id).execute();
  },

  /** Housekeeping at each sign-in: expired rows go. */
  async removeExpired(db: Executor, now: string): Promise<void> {
    await db.deleteFrom('dashboard_sessions').where('expires_at', '<=', now).execute();
  },
};
