import type { AcquirerState } from '../acquirer/types.ts';
import type { ThreeDsFlow } from './cards-table.ts';

/**
 * What the simulator remembers about an attempt, in the opaque state the engine keeps for it.
 * The names are those older rows stored directly in their body's `internal`, so both read alike
 * (channels/acquirer/state.ts).
 */
export type SimulatorState = {
  /** The test card's 3DS flow, decided from its number at the start. */
  three_ds?: ThreeDsFlow;
  /** Whether the ACS page offers a choice of authentication outcomes (some test cards). */
  selectable_outcome?: boolean;
  /** The 3DS Server's transaction id, fixed when 3DS begins (`authentication_data.a_res.ds_trans_id`). */
  ds_trans_id?: string;
  /** The VA number, QR string or payment code presented. */
  present_value?: string;
};

export const simulatorState = (state: AcquirerState): SimulatorState => state as SimulatorState;
