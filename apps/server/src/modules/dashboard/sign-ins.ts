import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/store.ts';
import type { Business, BusinessService } from '../businesses/service.ts';
import { dashboardStore } from './store.ts';

/**
 * Dashboard sign-ins: a secret key checked once, server-side, becomes a random token in an
 * HttpOnly cookie. The store keeps only the token's SHA-256, the key's id (revoking the key
 * ends the sign-in at the next request), the business shown, and the CSRF token every
 * state-changing request must echo. The secret key itself is never stored nor sent back.
 */
export const SIGN_IN_LIFETIME_MS = 12 * 60 * 60 * 1000;

export interface SignedIn {
  /** The business whose key signed in. */
  business: Business;
  /** The business the dashboard shows: the key's own, or one of its sub-accounts. */
  acting: Business;
  csrfToken: string;
  /** The token's hash: the row's id. */
  id: string;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Constant-time comparison of two strings (the CSRF token). */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function dashboardSignIns(deps: { db: Db; clock: Clock; businesses: BusinessService }) {
  const { db, clock, businesses } = deps;

  return {
    /** A new sign-in for a valid key: the cookie's token, or undefined for a key that is not. */
    async signIn(secretKey: string): Promise<{ token: string; expiresAt: Date } | undefined> {
      const found = await businesses.signIn(secretKey);
      if (!found) return undefined;
      const now = clock.now();
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + SIGN_IN_LIFETIME_MS);
      await dashboardStore.removeExpired(db, now.toISOString());
      await dashboardStore.insert(db, {
        id: hashToken(token),
        business_id: found.business.id,
        key_id: found.keyId,
        acting_business_id: found.business.id,
        csrf_token: randomBytes(32).toString('base64url'),
        created: now.toISOString(),
        expires_at: expiresAt.toISOString(),
      });
      return { token, expiresAt };
    },

    /** The live sign-in behind a cookie's token; undefined when unknown, expired, or its key was revoked. */
    async resolve(token: string | undefined): Promise<SignedIn | undefined> {
      if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
      const row = await dashboardStore.findLive(db, hashToken(token), clock.now().toISOString());
      if (!row) return undefined;
      const found = await businesses.signedInBusinesses(row.business_id, row.key_id, row.acting_business_id);
      return found && { ...found, csrfToken: row.csrf_token, id: row.id };
    },

    signOut: (signedIn: SignedIn) => dashboardStore.remove(db, signedIn.id),

    /** Shows another business: the key's own or one of its sub-accounts; false for anything else. */
    async switchTo(signedIn: SignedIn, businessId: string): Promise<boolean> {
      if (businessId !== signedIn.business.id) {
        const target = await businesses.findBusiness(businessId);
        if (!target || target.parent_id !== signedIn.business.id) return false;
      }
      await dashboardStore.setActing(db, signedIn.id, businessId);
      return true;
    },
  };
}

export type DashboardSignIns = ReturnType<typeof dashboardSignIns>;
