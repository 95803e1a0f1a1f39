/**
 * The SDK's events, with the names, classes and fields of xendit-components-web 0.0.24, so a
 * checkout's listeners port unchanged (components-protocol.md §2.4).
 */
export class XenditInitEvent extends Event {
  static type = 'init' as const;
  constructor() {
    super('init');
  }
}
export class XenditReadyEvent extends Event {
  static type = 'submission-ready' as const;
  constructor(readonly channelCode: string) {
    super('submission-ready');
  }
}
export class XenditNotReadyEvent extends Event {
  static type = 'submission-not-ready' as const;
  constructor(readonly channelCode: string = '') {
    super('submission-not-ready');
  }
}
export class XenditSubmissionBeginEvent extends Event {
  static type = 'submission-begin' as const;
  constructor() {
    super('submission-begin');
  }
}
export interface DeveloperErrorMessage {
  type: 'NETWORK_ERROR' | 'ERROR' | 'FAILURE';
  code: string;
}
export class XenditSubmissionEndEvent extends Event {
  static type = 'submission-end' as const;
  constructor(
    readonly reason: string,
    readonly userErrorMessage?: string[],
    readonly developerErrorMessage?: DeveloperErrorMessage,
  ) {
    super('submission-end');
  }
}
export class XenditPaymentRequestCreatedEvent extends Event {
  static type = 'payment-request-created' as const;
  constructor(readonly paymentRequestId: string) {
    super('payment-request-created');
  }
}
export class XenditPaymentRequestDiscardedEvent extends Event {
  static type = 'payment-request-discarded' as const;
  constructor(readonly paymentRequestId: string) {
    super('payment-request-discarded');
  }
}
export class XenditPaymentTokenCreatedEvent extends Event {
  static type = 'payment-token-created' as const;
  constructor(readonly paymentTokenId: string) {
    super('payment-token-created');
  }
}
export class XenditPaymentTokenDiscardedEvent extends Event {
  static type = 'payment-token-discarded' as const;
  constructor(readonly paymentTokenId: string) {
    super('payment-token-discarded');
  }
}
export class XenditActionBeginEvent extends Event {
  static type = 'action-begin' as const;
  constructor() {
    super('action-begin');
  }
}
export class XenditActionEndEvent extends Event {
  static type = 'action-end' as const;
  constructor() {
    super('action-end');
  }
}
export class XenditWillRedirectEvent extends Event {
  static type = 'will-redirect' as const;
  constructor() {
    super('will-redirect');
  }
}
export class XenditSessionCompleteEvent extends Event {
  static type = 'session-complete' as const;
  constructor(readonly succeededChannel: string | null) {
    super('session-complete');
  }
}
export class XenditSessionExpiredOrCanceledEvent extends Event {
  static type = 'session-expired-or-canceled' as const;
  constructor() {
    super('session-expired-or-canceled');
  }
}
export class XenditSessionPendingEvent extends Event {
  static type = 'session-pending' as const;
  constructor() {
    super('session-pending');
  }
}
export class XenditSessionNotPendingEvent extends Event {
  static type = 'session-not-pending' as const;
  constructor() {
    super('session-not-pending');
  }
}
export class XenditFatalErrorEvent extends Event {
  static type = 'fatal-error' as const;
  constructor(readonly message: string) {
    super('fatal-error');
  }
}

export interface XenditEventMap {
  init: XenditInitEvent;
  'submission-ready': XenditReadyEvent;
  'submission-not-ready': XenditNotReadyEvent;
  'submission-begin': XenditSubmissionBeginEvent;
  'submission-end': XenditSubmissionEndEvent;
  'action-begin': XenditActionBeginEvent;
  'action-end': XenditActionEndEvent;
  'will-redirect': XenditWillRedirectEvent;
  'session-complete': XenditSessionCompleteEvent;
  'session-expired-or-canceled': XenditSessionExpiredOrCanceledEvent;
  'session-pending': XenditSessionPendingEvent;
  'session-not-pending': XenditSessionNotPendingEvent;
  'payment-request-created': XenditPaymentRequestCreatedEvent;
  'payment-request-discarded': XenditPaymentRequestDiscardedEvent;
  'payment-token-created': XenditPaymentTokenCreatedEvent;
  'payment-token-discarded': XenditPaymentTokenDiscardedEvent;
  'fatal-error': XenditFatalErrorEvent;
}
