import { ACS_OUTCOMES } from './cards.ts';
import { AlertBox, DecisionButtons, Icon, renderPage, Summary, type PageCommon } from './layout.tsx';

/** 3DS ACS challenge page for a card payment. */
export function renderAcsPage(
  p: PageCommon & {
    formAction: string;
    merchantName: string;
    amount: string;
    maskedCardNumber: string;
    network: string;
    testOtp: string;
    selectableOutcome: boolean;
    error?: string;
  },
): string {
  const described = p.error ? 'lunas-error lunas-otp-hint' : 'lunas-otp-hint';
  // No `required` on the OTP: merchants test the wrong-code path by clearing it, and the
  // server, not the browser, is the one place that judges the code.
  return renderPage({
    lang: p.lang,
    title: 'Verify your payment',
    children: (
      <div class="card">
        <div class="brand">
          <span class="badge">
            <Icon name="shield" size={22} />
          </span>
          <p class="eyebrow">{`${p.network} · 3-D Secure`}</p>
        </div>
        <h1>Verify your payment</h1>
        <p class="lead">{`Enter the one-time password your bank sent you to confirm this payment to ${p.merchantName}.`}</p>
        <Summary
          rows={[
            { label: 'Merchant', value: p.merchantName },
            { label: 'Card', value: <span class="mono">{p.maskedCardNumber}</span> },
            { label: 'Amount', value: <span data-testid="lunas-amount">{p.amount}</span>, class: 'total' },
          ]}
        />
        <form method="post" action={p.formAction}>
          <AlertBox error={p.error} id="lunas-error" />
          <div class="field">
            <label for="lunas-otp">One-time password</label>
            <input
              class="otp"
              id="lunas-otp"
              name="otp"
              type="text"
              inputmode="numeric"
              autocomplete="one-time-code"
              spellcheck={false}
              value={p.testOtp}
              data-testid="lunas-otp"
              aria-describedby={described}
              aria-invalid={p.error ? 'true' : undefined}
            />
            <p class="hint" id="lunas-otp-hint">
              Pre-filled with the test code <code>{p.testOtp}</code>. Change it to simulate a wrong code.
            </p>
          </div>
          {p.selectableOutcome && <OutcomeSelect />}
          <DecisionButtons approve="Approve" decline="Decline" cancel="Cancel payment" />
        </form>
      </div>
    ),
  });
}

/** For test cards that let the merchant pick what the issuer's ACS answers on approve. */
function OutcomeSelect() {
  return (
    <div class="field">
      <label for="lunas-outcome">Authentication result</label>
      <select id="lunas-outcome" name="acs_outcome" data-testid="lunas-outcome" aria-describedby="lunas-outcome-hint">
        {ACS_OUTCOMES.map((outcome, i) => (
          <option value={outcome} selected={i === 0}>
            {outcome}
          </option>
        ))}
      </select>
      <p class="hint" id="lunas-outcome-hint">
        This test card lets you pick what the issuer's ACS answers when you approve.
      </p>
    </div>
  );
}
