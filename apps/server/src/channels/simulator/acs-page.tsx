import { ACS_OUTCOMES } from './cards.ts';
import { AlertBox, BrandMark, DecisionButtons, Icon, renderPage, Summary, wordsFor, type PageCommon, type PageWords } from './layout.tsx';

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
  const t = wordsFor(p.lang);
  const [hintBefore, hintAfter = ''] = t('acs.otp_hint').split('{code}');
  const described = p.error ? 'lunas-error lunas-otp-hint' : 'lunas-otp-hint';
  // No `required` on the OTP: merchants test the wrong-code path by clearing it, and the
  // server, not the browser, is the one place that judges the code.
  return renderPage({
    lang: p.lang,
    brand: p.brand,
    title: t('acs.title'),
    children: (
      <div class="card">
        <div class="brand">
          <BrandMark brand={p.brand}>
            <span class="badge">
              <Icon name="shield" size={22} />
            </span>
          </BrandMark>
          <p class="eyebrow">{`${p.network} · 3-D Secure`}</p>
        </div>
        <h1>{t('acs.title')}</h1>
        <p class="lead">{t('acs.lead', { merchant: p.merchantName })}</p>
        <Summary
          rows={[
            { label: t('sim.merchant'), value: p.merchantName },
            { label: t('sim.card'), value: <span class="mono">{p.maskedCardNumber}</span> },
            { label: t('sim.amount'), value: <span data-testid="lunas-amount">{p.amount}</span>, class: 'total' },
          ]}
        />
        <form method="post" action={p.formAction}>
          <AlertBox error={p.error} id="lunas-error" />
          <div class="field">
            <label for="lunas-otp">{t('acs.otp')}</label>
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
              {hintBefore}
              <code>{p.testOtp}</code>
              {hintAfter}
            </p>
          </div>
          {p.selectableOutcome && <OutcomeSelect t={t} />}
          <DecisionButtons approve={t('sim.approve')} decline={t('sim.decline')} cancel={t('sim.cancel')} />
        </form>
      </div>
    ),
  });
}

/** For test cards that let the merchant pick what the issuer's ACS answers on approve. */
function OutcomeSelect({ t }: { t: PageWords }) {
  return (
    <div class="field">
      <label for="lunas-outcome">{t('acs.outcome')}</label>
      <select id="lunas-outcome" name="acs_outcome" data-testid="lunas-outcome" aria-describedby="lunas-outcome-hint">
        {ACS_OUTCOMES.map((outcome, i) => (
          <option value={outcome} selected={i === 0}>
            {outcome}
          </option>
        ))}
      </select>
      <p class="hint" id="lunas-outcome-hint">
        {t('acs.outcome_hint')}
      </p>
    </div>
  );
}
