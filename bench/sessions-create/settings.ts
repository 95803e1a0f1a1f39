/** What the POST /sessions benchmark sends, how long, how hard, and what it must reach. */
import { numberEnv } from '../lib/env.ts';
import { SECRET_KEY } from '../lib/stores.ts';

export const DURATION_S = numberEnv('BENCH_DURATION', 8);
export const WARMUP_S = numberEnv('BENCH_WARMUP', 2);
export const CONNECTIONS = Math.round(numberEnv('BENCH_CONNECTIONS', 10));
export const RATE = Math.round(numberEnv('BENCH_RATE', 500));
/** Each phase is this many alternating slices per target (see benchStore). */
export const SLICES = Math.round(numberEnv('BENCH_SLICES', 4));

export const TARGET_RATIO = 0.7;
export const TARGET_P99_MS = 25;

export const AUTHORIZATION = `Basic ${Buffer.from(`${SECRET_KEY}:`).toString('base64')}`;

/** The founding payload, byte for byte. */
export const BODY =
  '{"reference_id":"order-1","session_type":"PAY","mode":"COMPONENTS","amount":10000,"currency":"IDR","country":"ID","customer":{"reference_id":"cust-ref-1","type":"INDIVIDUAL","email":"customer@yourdomain.com","mobile_number":"+628123456789","individual_detail":{"given_names":"John","surname":"Doe"}},"components_configuration":{"origins":["https://example.com"]}}';

/** Lunas API-only (`LUNAS_ROLES=api`), Lunas as `lunas start` runs it (API and worker in one process), the floor. */
export type TargetName = 'lunas' | 'lunasStart' | 'floor';
export const TARGET_NAMES: TargetName[] = ['lunas', 'lunasStart', 'floor'];
/** `lunas start` against API-only, same run: the worker must cost the API little. */
export const TARGET_START_RATIO = 0.95;
