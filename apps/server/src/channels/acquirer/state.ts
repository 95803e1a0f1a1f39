import type { AcquirerState } from './types.ts';

/**
 * The acquirer state stored with an attempt (`internal.acquirer_state` of a payment request's or
 * token's body). Rows written before that field existed kept the simulator's facts (three_ds,
 * selectable_outcome, present_value) directly in `internal`, under the names the simulator's
 * state still uses, so for them `internal` itself is the state.
 */
export function storedAcquirerState(internal: { acquirer_state?: AcquirerState }): AcquirerState {
  return internal.acquirer_state ?? internal;
}
