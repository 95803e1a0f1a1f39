import type { Clock } from '../../clock.ts';
import type { Executor, Store, Tx } from '../../db/store.ts';
import { Errors } from '../../errors.ts';
import { newCustomerId } from '../../ids.ts';
import { newCustomer, patchedCustomer } from './profile.ts';
import type { CustomerCreateInput, CustomerPatchInput } from './schemas.ts';
import { customerStore, type Customer } from './store.ts';
import { customerView } from './views.ts';

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
 * Resolves the customer of a new session or attempt: an existing `customer_id` of this
 * business, or the inline `customer`, created on first use and reused by `reference_id`
 * afterwards (customers are per business, so one business's references never collide with another's).
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
    details: {},
    created: now,
    updated: now,
  });
  const stored = await customerStore.findByReference(trx, businessId, customer.reference_id);
  if (!stored) throw new Error('customer vanished after insert');
  return stored.id;
}

/**
 * The Customers API (Xendit's 2020-10-31: POST, GET by id, GET by reference_id, PATCH), and
 * the session's quick customer lookup with this process's cache of what never changes.
 */
export function customerService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;

  /**
   * What this process remembers: "reference R of business B is customer C" and "customer C of
   * business B exists". Both stay true forever, whatever any process does: customers are never
   * deleted, and PATCH cannot change reference_id (nor type). So the cache needs no
   * invalidation across processes. Everything that CAN change (names, email, phone, addresses,
   * metadata…) is never cached: whoever shows a customer reads it from the store
   * (test/customers.test.ts, "two processes"). Bounded, and keyed by business, so nothing leaks
   * between tenants.
   */
  const known = new Map<string, string>();
  const KNOWN_MAX = 10_000;
  function remember(key: string, id: string): void {
    if (known.size >= KNOWN_MAX) known.delete(known.keys().next().value!);
    known.set(key, id);
  }

  async function load(businessId: string, id: string): Promise<Customer> {
    const customer = await customerStore.findById(store.db, businessId, id);
    if (!customer) throw Errors.customerNotFound();
    return customer;
  }

  return {
    /**
     * Reusing a reference_id answers 409 DUPLICATE_ERROR and writes nothing. `onCommit` is the
     * idempotency record (sessions/service.ts CommitHook, not imported: sessions depend on customers).
     */
    async create(businessId: string, input: CustomerCreateInput, onCommit?: (trx: Tx, status: number, body: unknown) => Promise<void>): Promise<Record<string, unknown>> {
      const customer = newCustomer(newCustomerId(), businessId, input, clock.now().toISOString());
      return store.db.transaction().execute(async (trx) => {
        if (!(await customerStore.insertIfAbsent(trx, customer))) throw Errors.duplicateCustomer();
        const view = customerView(customer);
        await onCommit?.(trx, 200, view);
        return view;
      });
    },

    get: async (businessId: string, id: string): Promise<Record<string, unknown>> => customerView(await load(businessId, id)),

    /** Xendit's list shape; a reference_id names at most one customer of a business. */
    async listByReference(businessId: string, referenceId: string): Promise<{ data: Record<string, unknown>[]; has_more: boolean }> {
      const customer = await customerStore.findByReference(store.db, businessId, referenceId);
      return { data: customer ? [customerView(customer)] : [], has_more: false };
    },

    /** The business's customers, newest first: the dashboard's list (the API lists by reference_id only). */
    async list(businessId: string, filter: { after_id?: string; limit: number }): Promise<{ data: Record<string, unknown>[]; has_more: boolean }> {
      const after = filter.after_id ? await load(businessId, filter.after_id) : undefined;
      const rows = await customerStore.list(store.db, businessId, after, filter.limit);
      return { data: rows.slice(0, filter.limit).map(customerView), has_more: rows.length > filter.limit };
    },

    /** Read and write in one transaction, the row locked on PostgreSQL, so concurrent PATCHes of other fields both survive. */
    async update(businessId: string, id: string, input: CustomerPatchInput): Promise<Record<string, unknown>> {
      return store.db.transaction().execute(async (trx) => {
        const current = await customerStore.findForUpdate(trx, store.dialect, businessId, id);
        if (!current) throw Errors.customerNotFound();
        const customer = patchedCustomer(current, input, clock.now().toISOString());
        await customerStore.update(trx, customer);
        return customerView(customer);
      });
    },

    /**
     * The session's customer when nothing needs creating: `found` with its id (or no customer at
     * all), or not found when an inline customer is new. Unknown `customer_id`s fail as in resolveCustomer.
     */
    async findExisting(db: Executor, businessId: string, request: { customer?: CustomerInput; customer_id?: string }): Promise<{ found: boolean; id?: string }> {
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
    },
  };
}

export type CustomerService = ReturnType<typeof customerService>;
