import type { UiChannel } from '../channels.ts';
import * as E from '../events.ts';
import type { Gateway } from '../gateway.ts';
import type { Translate } from '../i18n/index.ts';
import { emptyForm, initialState, type CardFieldState, type ChannelFormState, type CheckoutState, type FieldValue } from '../state.ts';
import type { BffChannel } from '../types.ts';
import type { FieldError } from './fields.ts';
import { channelToSubmit, formErrors, saveModeOf, type SaveMode } from './rules.ts';

export interface CheckoutOptions {
  gateway: Gateway;
  events: EventTarget;
  t: () => Translate;
  userAgent: string;
  /** Lazily loaded libphonenumber check; undefined until a phone field asked for it. */
  phoneValid: () => ((value: string) => boolean) | undefined;
}

/**
 * The checkout's state and its form: what the customer chose and typed, what is valid, and the
 * submission-ready / -not-ready events that follow from it. Checkout (../checkout.ts) adds the
 * session's life and the attempts on top.
 */
export class CheckoutForm {
  state: CheckoutState = initialState();
  protected readonly listeners = new Set<() => void>();
  protected lastReady: boolean | null = null;
  protected destroyed = false;

  constructor(readonly options: CheckoutOptions) {}

  // ---- plumbing ----

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  protected emit(event: Event): void {
    if (!this.destroyed) this.options.events.dispatchEvent(event);
  }

  /** Re-renders, then reports a change of readiness (submission-ready / -not-ready). */
  changed(): void {
    for (const listener of this.listeners) listener();
    const ready = this.isReady();
    const channel = this.state.current;
    const idle = this.state.submission === null && this.state.session?.status === 'ACTIVE';
    if (!idle || ready === this.lastReady) return;
    this.lastReady = ready;
    const code = channel ? this.channelFor(channel).channel_code : '';
    this.emit(ready ? new E.XenditReadyEvent(code) : new E.XenditNotReadyEvent(code));
  }

  // ---- the form ----

  channelFor(channel: UiChannel): BffChannel {
    return channelToSubmit(channel, this.state.saveChecked || this.saveMode(channel) === 'forced');
  }

  saveMode(channel: UiChannel): SaveMode {
    return saveModeOf(this.state.session, channel);
  }

  formOf(channel: UiChannel): ChannelFormState {
    let form = this.state.forms.get(channel.key);
    if (!form) this.state.forms.set(channel.key, (form = emptyForm()));
    return form;
  }

  select(channel: UiChannel | null): void {
    if (this.state.submission) return;
    this.state.current = channel;
    this.state.showAllErrors = false;
    this.lastReady = null;
    this.changed();
  }

  setValue(channel: UiChannel, key: string, value: FieldValue): void {
    this.formOf(channel).values[key] = value;
    this.changed();
  }

  touch(channel: UiChannel, key: string): void {
    this.formOf(channel).touched.add(key);
    this.changed();
  }

  setCard(channel: UiChannel, key: string, report: CardFieldState, value: FieldValue): void {
    const form = this.formOf(channel);
    form.cards[key] = report;
    form.values[key] = value;
    this.changed();
  }

  setSchemes(channel: UiChannel, schemes: string[] | null, billingRequired: boolean): void {
    const form = this.formOf(channel);
    form.schemes = schemes;
    form.billingRequired = billingRequired && this.state.session?.session_type === 'PAY';
    this.changed();
  }

  setSave(checked: boolean): void {
    this.state.saveChecked = checked;
    this.changed();
  }

  /** Every visible field's error, by field key (null where valid). */
  errorsOf(channel: UiChannel): Record<string, FieldError | null> {
    return formErrors(this.channelFor(channel), this.formOf(channel), this.options.phoneValid());
  }

  isReady(): boolean {
    const channel = this.state.current;
    if (!channel || this.state.session?.status !== 'ACTIVE') return false;
    return Object.values(this.errorsOf(channel)).every((error) => error === null);
  }

  showValidationErrors(): void {
    this.state.showAllErrors = true;
    this.changed();
  }
}
