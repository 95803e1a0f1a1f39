import type { PaymentRequestRow } from '../../db/tables.ts';
import { parseRequestBody, type PaymentRequestBody } from './views.ts';

/** A payment request as other modules see it: the stored columns with `body` parsed. */
export type PaymentRequest = Omit<PaymentRequestRow, 'body'> & { body: PaymentRequestBody };

export const toPaymentRequest = (row: PaymentRequestRow): PaymentRequest => ({ ...row, body: parseRequestBody(row) });
export const toRequestRow = (request: PaymentRequest): PaymentRequestRow => ({ ...request, body: JSON.stringify(request.body) });
