import { buildChannels } from './channels.ts';
import * as E from './events.ts';
import { buildChannelProperties } from './form/fields.ts';
import { CheckoutForm, type CheckoutOptions } from './form/model.ts';
import { GatewayError, type AttemptBody } from './gateway.ts';
import { Poller } from './poller.ts';
import { chooseAction, failureLines } from './state.ts';
import type { BffEntity, BffPollResponse, BffSession } from './types.ts';

/**
 * The checkout's behaviour, without any DOM of its own: loads the session, watches its expiry,
 * submits attempts (the form and its rules are in form/model.ts), follows them by polling and
 * fires the SDK events in the order of components-protocol.md §2.4. The UI renders `state` and
 * calls the methods below.
 */
const FAILED = ['FAILED', 'EXPIRED', 'CANCELED'];
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export type { CheckoutOptions };

export class Checkout extends CheckoutForm {
  readonly #poller: Poller;
  #expiryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: CheckoutOptions) {
    super(options);
    this.#poller = new Poller(() => this.#poll());
  }

  // ---- loading and session state ----

  async start(): Promise<void> {
    try {
      const data = await this.options.gateway.session();
      const { channels, groups } = buildChannels(data);
      Object.assign(this.state, { phase: 'ready', data, session: data.session, channels, groups, succeededChannel: data.succeeded_channel?.channel_code ?? null });
      if (channels.length === 1) this.state.current = channels[0]!;
      this.#armExpiry(data.session);
      this.emit(new E.XenditInitEvent());
      this.#afterSessionUpdate(null, data.session);
    } catch (error) {
      this.state.phase = 'fatal';
      this.state.fatalMessage = error instanceof Error ? error.message : String(error);
      this.emit(new E.XenditFatalErrorEvent(this.state.fatalMessage));
    }
    this.changed();
  }

  /** The session ends at expires_at even if nobody polls: look then, and show it. */
  #armExpiry(session: BffSession): void {
    clearTimeout(this.#expiryTimer);
    if (session.status !== 'ACTIVE' && session.status !== 'PENDING') return;
    const wait = Date.parse(session.expires_at) - Date.now() + 250;
    this.#expiryTimer = setTimeout(() => (wait > MAX_TIMEOUT_MS ? this.#armExpiry(session) : void this.refresh()), Math.max(0, Math.min(wait, MAX_TIMEOUT_MS)));
  }

  /** Re-reads the session (on expiry, or when the gateway refused an attempt). */
  async refresh(): Promise<void> {
    try {
      const data = await this.options.gateway.session();
      this.#applySession(data.session, data.succeeded_channel?.channel_code);
    } catch {
      // keep the current view; the next poll or action will tell
    }
  }

  #applySession(session: BffSession, succeeded: string | undefined): void {
    const before = this.state.session;
    this.state.session = session;
    if (succeeded) this.state.succeededChannel = succeeded;
    if (before?.status !== session.status) this.#afterSessionUpdate(before, session);
    this.#armExpiry(session);
    this.changed();
  }

  /** §2.4 step 5: the session moved; close the attempt in the right order and tell the page. */
  #afterSessionUpdate(before: BffSession | null, session: BffSession): void {
    const submission = this.state.submission;
    switch (session.status) {
      case 'COMPLETED':
        this.#poller.stop();
        if (submission?.stage === 'entity' && submission.action) this.emit(new E.XenditActionEndEvent());
        if (submission) this.emit(new E.XenditSubmissionEndEvent('SESSION_COMPLETED'));
        if (submission?.stage === 'entity') submission.action = null;
        if (before?.status === 'PENDING') this.emit(new E.XenditSessionNotPendingEvent());
        this.emit(new E.XenditSessionCompleteEvent(this.state.succeededChannel));
        break;
      case 'EXPIRED':
      case 'CANCELED':
        this.#poller.stop();
        clearTimeout(this.#expiryTimer);
        if (submission) {
          if (submission.stage === 'entity' && submission.action) this.emit(new E.XenditActionEndEvent());
          this.emit(new E.XenditSubmissionEndEvent(session.status === 'EXPIRED' ? 'SESSION_EXPIRED' : 'SESSION_CANCELED'));
          this.#discard();
        }
        if (before?.status === 'PENDING') this.emit(new E.XenditSessionNotPendingEvent());
        this.emit(new E.XenditSessionExpiredOrCanceledEvent());
        break;
      case 'PENDING':
        if (submission) this.emit(new E.XenditSubmissionEndEvent('SESSION_PENDING'));
        this.emit(new E.XenditSessionPendingEvent());
        this.#poller.start(); // with or without an attempt of ours: a session PENDING at init is followed too
        break;
      case 'ACTIVE':
        if (before?.status === 'PENDING') this.emit(new E.XenditSessionNotPendingEvent());
        if (!submission) this.#poller.stop();
        break;
    }
  }

  // ---- submitting and following an attempt ----

  async submit(): Promise<void> {
    const { current: channel, session, submission } = this.state;
    if (!channel || !session || submission || session.status !== 'ACTIVE') return;
    if (!this.isReady()) return this.showValidationErrors();
    const bff = this.channelFor(channel);
    const form = this.formOf(channel);
    const body: AttemptBody = { channel_code: bff.channel_code, channel_properties: buildChannelProperties(bff.form, form.values, form.billingRequired) };
    if (session.session_type === 'PAY' && this.saveMode(channel) !== 'none') body.save_payment_method = this.saveMode(channel) === 'forced' || this.state.saveChecked;
    const abort = new AbortController();
    this.state.submission = { stage: 'creating', abort };
    this.state.lastError = null;
    this.lastReady = null;
    this.emit(new E.XenditSubmissionBeginEvent());
    this.changed();

    const kind = session.session_type === 'PAY' ? 'payment_request' : 'payment_token';
    let entity: BffEntity;
    try {
      entity = kind === 'payment_request' ? await this.options.gateway.createPaymentRequest(body, abort.signal) : await this.options.gateway.createPaymentToken(body, abort.signal);
    } catch (error) {
      this.state.submission = null;
      if (abort.signal.aborted) {
        this.emit(new E.XenditSubmissionEndEvent('REQUEST_ABORTED'));
      } else if (error instanceof GatewayError) {
        this.state.lastError = error.userMessage.length > 0 ? error.userMessage : [error.message];
        this.emit(new E.XenditSubmissionEndEvent('REQUEST_FAILED', this.state.lastError, { type: 'ERROR', code: error.code }));
        // A refused attempt may mean the session ended meanwhile (expired, canceled, paid elsewhere).
        if (error.status === 422 || error.status === 404 || error.status === 409) void this.refresh();
      } else {
        this.state.lastError = [this.options.t()('submission.network_error')];
        this.emit(new E.XenditSubmissionEndEvent('REQUEST_FAILED', this.state.lastError, { type: 'NETWORK_ERROR', code: 'NETWORK_ERROR' }));
      }
      this.changed();
      return;
    }
    const id = entity.payment_request_id ?? entity.payment_token_id ?? '';
    this.state.submission = { stage: 'entity', kind, entity, tokenRequestId: entity.session_token_request_id ?? id, action: null, actionDone: false };
    this.emit(kind === 'payment_request' ? new E.XenditPaymentRequestCreatedEvent(id) : new E.XenditPaymentTokenCreatedEvent(id));
    this.#applyEntity(entity);
    if (this.state.submission) this.#poller.start();
    this.changed();
  }

  async #poll(): Promise<void> {
    const submission = this.state.submission;
    if (submission?.stage !== 'entity') return this.state.session?.status === 'PENDING' ? this.refresh() : undefined;
    const update: BffPollResponse = await this.options.gateway.poll(submission.tokenRequestId);
    if (this.state.submission !== submission) return; // aborted meanwhile
    const entity = update.payment_request ?? update.payment_token;
    if (entity) submission.entity = entity;
    this.#applySession(update.session, update.succeeded_channel?.channel_code);
    if (update.session.status === 'ACTIVE' && this.state.submission === submission) this.#applyEntity(submission.entity);
    this.changed();
  }

  /** §2.4 step 4: what the attempt's status means for the customer. */
  #applyEntity(entity: BffEntity): void {
    const submission = this.state.submission;
    if (submission?.stage !== 'entity') return;
    if (entity.status === 'REQUIRES_ACTION') {
      if (submission.action || submission.actionDone) return;
      const isCard = this.channelFor(this.state.current!).pm_type === 'CARDS';
      const chosen = chooseAction(entity.actions, this.options.userAgent, isCard);
      if (!chosen) return this.#fatal(`The payment needs a step this SDK cannot show (${entity.actions.map((a) => a.type).join(', ')})`);
      this.emit(new E.XenditActionBeginEvent());
      if (chosen.kind === 'redirect') {
        this.emit(new E.XenditWillRedirectEvent());
        window.location.href = chosen.url;
        return;
      }
      submission.action = chosen;
      return;
    }
    if (FAILED.includes(entity.status)) {
      this.#poller.stop();
      if (submission.action) this.emit(new E.XenditActionEndEvent());
      const code = entity.failure_code ?? entity.status;
      const reason = `${submission.kind === 'payment_request' ? 'PAYMENT_REQUEST' : 'PAYMENT_TOKEN'}_${entity.status}`;
      this.state.lastError = failureLines(this.options.t(), entity.status, code);
      console.info(`Lunas Components: ${reason}, failure code ${code}`); // the customer reads a sentence; the code is for developers
      this.emit(new E.XenditSubmissionEndEvent(reason, this.state.lastError, { type: 'FAILURE', code }));
      this.#discard();
      return;
    }
    // PENDING, or paid while the session has not caught up yet: keep polling, drop a finished 3DS frame.
    if (submission.action && submission.action.kind === 'iframe') {
      submission.action = null;
      submission.actionDone = true;
      this.emit(new E.XenditActionEndEvent());
    }
  }

  #discard(): void {
    const submission = this.state.submission;
    this.state.submission = null;
    this.#poller.stop();
    if (submission?.stage !== 'entity') return;
    const id = submission.entity.payment_request_id ?? submission.entity.payment_token_id ?? '';
    this.emit(submission.kind === 'payment_request' ? new E.XenditPaymentRequestDiscardedEvent(id) : new E.XenditPaymentTokenDiscardedEvent(id));
    this.lastReady = null;
  }

  #fatal(message: string): void {
    this.#poller.stop();
    this.state.phase = 'fatal';
    this.state.fatalMessage = message;
    this.emit(new E.XenditFatalErrorEvent(message));
  }

  /** The action page signalled it is done (xendit-iframe-action-complete): hide it and look now. */
  actionComplete(): void {
    const submission = this.state.submission;
    if (submission?.stage !== 'entity' || !submission.action) return;
    submission.action = null;
    submission.actionDone = true;
    this.emit(new E.XenditActionEndEvent());
    this.#poller.now();
    this.changed();
  }

  /** The customer closed the action: the attempt is abandoned (ACTION_ABORTED). */
  closeAction(): void {
    const submission = this.state.submission;
    if (submission?.stage !== 'entity' || !submission.action) return;
    this.emit(new E.XenditActionEndEvent());
    this.emit(new E.XenditSubmissionEndEvent('ACTION_ABORTED'));
    this.#discard();
    this.changed();
  }

  abortSubmission(): void {
    const submission = this.state.submission;
    if (!submission) return;
    if (submission.stage === 'creating') return submission.abort.abort();
    if (submission.action) return this.closeAction();
    this.emit(new E.XenditSubmissionEndEvent('REQUEST_ABORTED'));
    this.#discard();
    this.changed();
  }

  /** The OTP the customer typed, or a new one asked for (at the OTP actions' gateway URLs); the poll that follows shows the outcome. */
  submitOtp = (code: string): Promise<void> => this.#otpCall('url', (url) => this.options.gateway.validateOtp(url, code.trim()));
  resendOtp = (): Promise<void> => this.#otpCall('resendUrl', (url) => this.options.gateway.resendOtp(url));

  async #otpCall(endpoint: 'url' | 'resendUrl', post: (url: string) => Promise<BffEntity>): Promise<void> {
    const submission = this.state.submission;
    const action = submission?.stage === 'entity' ? submission.action : null;
    const url = action?.kind === 'otp' && !action.busy ? action[endpoint] : null;
    if (submission?.stage !== 'entity' || action?.kind !== 'otp' || !url) return;
    Object.assign(action, { busy: true, error: null, resent: false });
    this.changed();
    try {
      submission.entity = await post(url);
      action.resent = endpoint === 'resendUrl';
    } catch (error) {
      // The gateway's message says what to do: a wrong code and the attempts left, or an expired one.
      action.error = error instanceof GatewayError ? error.message : this.options.t()('submission.network_error');
    }
    action.busy = false;
    this.#poller.now();
    this.changed();
  }

  /** Test mode's "pay now" for a presented code, push approval or QR (gateway endpoint 7). */
  async simulatePayment(): Promise<void> {
    const submission = this.state.submission;
    if (submission?.stage !== 'entity' || submission.kind !== 'payment_request' || !submission.entity.payment_request_id) return;
    try {
      await this.options.gateway.simulate(submission.entity.payment_request_id, submission.entity.channel_code);
    } finally {
      this.#poller.now();
    }
  }

  pollImmediately(): void {
    if (this.#poller.running) this.#poller.now();
    else void this.refresh();
  }

  destroy(): void {
    this.destroyed = true;
    this.#poller.stop();
    clearTimeout(this.#expiryTimer);
    if (this.state.submission?.stage === 'creating') this.state.submission.abort.abort();
  }
}

