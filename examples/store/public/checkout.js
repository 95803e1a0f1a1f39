// The shop's checkout: @lunas/components (loaded from Lunas) renders the payment form;
// this script wires the shop's own Pay button and status line to the SDK's events.
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('checkout-config').textContent);
  var pay = document.getElementById('pay');
  var status = document.getElementById('status');
  // The SDK's events in order, for debugging (and for tests' failure messages).
  var events = (window.checkoutEvents = []);

  function show(text, kind) {
    status.textContent = text;
    status.dataset.kind = kind || '';
  }

  if (typeof window.LunasComponents !== 'function') {
    show('The payment form could not be loaded from ' + config.lunasUrl + '. Is Lunas running?', 'error');
    return;
  }

  var sdk;
  try {
    sdk = new window.LunasComponents({ componentsSdkKey: config.sdkKey, baseUrl: config.lunasUrl });
  } catch (error) {
    show('The payment form could not start: ' + error.message, 'error');
    return;
  }
  [
    'init', 'submission-ready', 'submission-not-ready', 'submission-begin', 'submission-end', 'action-begin', 'action-end',
    'session-complete', 'session-expired-or-canceled', 'fatal-error',
  ].forEach(function (type) {
    sdk.addEventListener(type, function (event) {
      events.push({ type: type, at: Date.now(), reason: event.reason, message: event.message });
    });
  });

  document.getElementById('payment').append(sdk.createChannelPickerComponent());

  sdk.addEventListener('init', function () { show(''); });
  sdk.addEventListener('submission-ready', function () { pay.disabled = false; });
  sdk.addEventListener('submission-not-ready', function () { pay.disabled = true; });
  sdk.addEventListener('submission-begin', function () {
    pay.disabled = true;
    show('Processing your payment…');
  });
  sdk.addEventListener('submission-end', function (event) {
    if (event.userErrorMessage && event.userErrorMessage.length) show(event.userErrorMessage.join(' '), 'error');
    else if (event.reason !== 'SESSION_COMPLETED') show('');
  });
  sdk.addEventListener('session-complete', function () {
    pay.disabled = true;
    show('Payment received. Taking you to your order…', 'success');
    window.location.assign(config.orderUrl);
  });
  sdk.addEventListener('session-expired-or-canceled', function () {
    pay.disabled = true;
    show('This checkout has expired or was canceled. Please start a new order.', 'error');
  });
  sdk.addEventListener('fatal-error', function (event) {
    pay.disabled = true;
    show('The payment form failed: ' + (event.message || 'unknown error'), 'error');
  });

  pay.addEventListener('click', function () {
    pay.disabled = true;
    try {
      sdk.submit();
    } catch (error) {
      show(error.message, 'error');
    }
  });
})();
