import type { Executor } from '../../db/store.ts';
import { Errors } from '../../errors.ts';
import { newCustomerId } from '../../ids.ts';
import { customerStore, type Customer } from './store.ts';

export type { Customer } from './store.ts';

/** A customer of the business, or undefined. */
export const findCustomer = (db: Executor, businessId: string, id: string): Promise<Customer | undefined> => customerStore.findById(db, businessId, id);

export interface CustomerInput {
  reference_id: string;
  type: string;
  email?: string;
  mobile_number?: string;
  individual_detail: Record<string, unknown>;
}

/**
 * Resolves the customer of a new session: an existing `customer_id` of this business, or the
 * inline `customer`, created on first use and reused by `reference_id` afterwards (customers
 * are per business, so one business's references never collide with another's).
 */
export async function resolveCustomer(
  trx: Executor,
  businessId: string,
  request: { customer?: CustomerInput; customer_id?: string },
  now: string,
): Promise<string | undefined> {
  if (request.customer_id !== undefined) {
    const found = await customerStore.findById(trx, businessId, request.customer_id);
    if (!found) throw Errors.customerNotFound();
    return found.id;
  }
  const customer = request.customer;
  if (!customer) return undefined;
  const existing = await customerStore.findByReference(trx, businessId, customer.reference_id);
  if (existing) return existing.id;
  // ON CONFLICT DO NOTHING: a concurrent request creating the same reference waits for the
  // other to commit instead of failing, and both sessions then share one customer.
  await customerStore.insertIfAbsent(trx, {
    id: newCustomerId(),
    business_id: businessId,
    reference_id: customer.reference_id,
    type: customer.type,
    email: customer.email ?? null,
    mobile_number: customer.mobile_number ?? null,
    individual_detail: customer.individual_detail,
    created: now,
    updated: now,
  });
  const stored = await customerStore.findByReference(trx, businessId, customer.reference_id);
  if (!stored) throw new Error('customer vanished after insert');
  return stored.id;
}

/**
 * The session's customer when nothing needs creating: `found` with its id (or no customer at
 * all), or not found when an inline customer is new. Unknown `customer_id`s fail as in resolveCustomer.
 */
export async function findExistingCustomer(db: Executor, businessId: string, request: { customer?: CustomerInput; customer_id?: string }): Promise<{ found: boolean; id?: string }> {
  if (request.customer_id !== undefined) {
    const key = `${businessId}|id|${request.customer_id}`;
    if (known.has(key)) return { found: true, id: request.customer_id };
    const found = await customerStore.findById(db, businessId, request.customer_id);
    if (!found) throw Errors.customerNotFound();
    remember(key, found.id);
    return { found: true, id: found.id };
  }
  if (!request.customer) return { found: true };
  const key = `${businessId}|ref|${request.customer.reference_id}`;
  const cached = known.get(key);
  if (cached) return { found: true, id: cached };
  const existing = await customerStore.findByReference(db, businessId, request.customer.reference_id);
  if (existing) remember(key, existing.id);
  return existing ? { found: true, id: existing.id } : { found: false };
}

/**
 * Customers are never changed or deleted once created, so "this reference is that customer"
 * stays true forever and can be remembered: a returning customer then costs no query. Bounded,
 * and per business, so nothing leaks between tenants.
 */
const known = new Map<string, string>();
const KNOWN_MAX = 10_000;
function remember(key: string, id: string): void {
  if (known.size >= KNOWN_MAX) known.delete(known.keys().next().value!);
  known.set(key, id);
}
