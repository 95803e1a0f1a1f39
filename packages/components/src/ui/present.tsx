import { formatMajorAmount } from '@lunas/protocol/format';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { BffAction } from '../types.ts';
import { AmountLine, TestButtons, Waiting } from './action-parts.tsx';
import { useEnv } from './context.ts';

type Present = Extract<BffAction, { type: 'PRESENT_TO_CUSTOMER' }>;

/** A code the customer pays with elsewhere: a QR to scan, a virtual account, a payment code. */
export function PresentView({ action, app }: { action: Present; app: string }) {
  const { t } = useEnv();
  if (action.descriptor === 'QR_STRING') {
    return (
      <div class="lunas-action">
        <h2 id="lunas-action-title">{t('qr.title', { app })}</h2>
        <p>{t('qr.body')}</p>
        <QrCode value={action.value} />
        <AmountLine />
        <Waiting />
        <TestButtons paidButton />
      </div>
    );
  }
  if (action.descriptor === 'VIRTUAL_ACCOUNT_NUMBER') {
    const steps = (key: 'va.atm.steps' | 'va.mobile.steps' | 'va.internet.steps') => t(key, { app }).split('|');
    return (
      <div class="lunas-action">
        <h2 id="lunas-action-title">{t('va.title', { app })}</h2>
        <p>
          {t('va.bank')}: <strong>{app}</strong>
        </p>
        <CopyableCode label={t('va.number')} value={action.value} testId="lunas-va-number" />
        <AmountLine />
        <div class="lunas-tabs" data-testid="lunas-va-instructions">
          <h3 style={{ margin: '4px 0 0', fontSize: '16px' }}>{t('va.instructions')}</h3>
          {(['atm', 'mobile', 'internet'] as const).map((kind, index) => (
            <details key={kind} open={index === 0}>
              <summary>{t(`va.${kind}`)}</summary>
              <ol>
                {steps(`va.${kind}.steps`).map((step) => (
                  <li key={step}>{step}</li>
                ))}
              </ol>
            </details>
          ))}
        </div>
        <Waiting />
        <TestButtons paidButton />
      </div>
    );
  }
  return (
    <div class="lunas-action">
      <h2 id="lunas-action-title">{t('otc.title', { app })}</h2>
      <p>{t('otc.body', { app })}</p>
      <CopyableCode label={t('otc.code')} value={action.value} testId="lunas-payment-code" />
      <Barcode value={action.value} />
      <AmountLine />
      <Waiting />
      <TestButtons paidButton />
    </div>
  );
}

function CopyableCode({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useEnv();
  const [copied, setCopied] = useState(false);
  const copy = () =>
    navigator.clipboard
      ?.writeText(value)
      .then(() => {
        setCopied(true);
        setTimeout(() => setCopied(false), 2000);
      })
      .catch(() => undefined);
  return (
    <div>
      <p style={{ margin: '0 0 4px' }}>{label}</p>
      <div class="lunas-code">
        <output data-testid={testId}>{value}</output>
        <button type="button" class="lunas-btn" data-testid="lunas-copy" onClick={copy} aria-live="polite">
          {copied ? t('action.copied') : t('action.copy')}
        </button>
      </div>
    </div>
  );
}

/** The QR renderer arrives as a lazy module; the image is an SVG built from the QR string. */
function QrCode({ value }: { value: string }) {
  const { lazy, t, checkout, locale } = useEnv();
  const qr = lazy.peek('qr');
  useEffect(() => void lazy.load('qr').catch(() => undefined), []);
  const session = checkout.state.session!;
  const amount = formatMajorAmount(session.amount, session.currency, locale, session.country);
  if (!qr) return <div class="lunas-spinner" aria-hidden="true" />;
  // The merchant's --xendit-qr-* colours, resolved: SVG attributes cannot read custom properties.
  const root = getComputedStyle(document.documentElement);
  const colors = { foreground: root.getPropertyValue('--xendit-qr-foreground-color').trim() || '#000', background: root.getPropertyValue('--xendit-qr-background-color').trim() || '#fff' };
  const markup = qr.qrSvg(value, colors).replace('<svg ', `<svg role="img" aria-label="${escapeAttribute(t('qr.alt', { amount }))}" `);
  return <div class="lunas-qr" data-testid="lunas-qr" data-qr-value={value} dangerouslySetInnerHTML={{ __html: markup }} />;
}

function Barcode({ value }: { value: string }) {
  const { lazy, t } = useEnv();
  const svg = useRef<SVGSVGElement>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    lazy
      .load('barcode')
      .then((module) => {
        if (live && svg.current) {
          module.drawBarcode(svg.current, value);
          setReady(true);
        }
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [value]);
  return (
    <div class="lunas-barcode" data-testid="lunas-barcode" data-ready={ready}>
      <svg ref={svg} role="img" aria-label={t('otc.barcode_alt', { code: value })} />
    </div>
  );
}

const escapeAttribute = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
