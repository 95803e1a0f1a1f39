import type { Executor } from '../../db/store.ts';
import { Errors } from '../../errors.ts';
import { newCustomerId } from '../../ids.ts';
import { customerStore } from './store.ts';

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
    individual_detail: JSON.stringify(customer.individual_detail),
    created: now,
    updated: now,
  });
  const stored = await customerStore.findByReference(trx, businessId, customer.reference_id);
  if (!stored) throw new Error('customer vanished after insert');
  return stored.id;
}
