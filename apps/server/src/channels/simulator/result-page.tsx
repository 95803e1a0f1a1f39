import { ACTION_COMPLETE_SCRIPT } from '../action-complete.ts';
import { Icon, renderPage, wordsFor, type PageCommon } from './layout.tsx';

export type ResultOutcome = 'success' | 'failure' | 'canceled' | 'info';

// Checked at run time too: an untyped caller's unknown outcome must not become a class name.
const RESULT_OUTCOMES: readonly string[] = ['success', 'failure', 'canceled', 'info'] satisfies ResultOutcome[];

// Only http(s) links are rendered: anything else (javascript:, data:) is never a return URL.
const safeHref = (url: string | undefined) => {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Shown after a decision when there is no return URL, on an idempotent revisit of a completed
 * simulation, or for an unknown or expired link. `notifyEmbedder` adds the one script the CSP
 * allows by its hash (action-complete.ts), rendered raw so its text stays byte for byte the one hashed.
 */
export function renderResultPage(
  p: PageCommon & { title: string; message: string; outcome: ResultOutcome; returnUrl?: string; notifyEmbedder?: boolean },
): string {
  const href = safeHref(p.returnUrl);
  const outcome: ResultOutcome = RESULT_OUTCOMES.includes(p.outcome) ? p.outcome : 'info';
  return renderPage({
    lang: p.lang,
    title: p.title,
    children: (
      <>
        <div class="card result" data-outcome={outcome}>
          <div class={`status status-${outcome}`}>
            <Icon name={outcome} size={28} />
          </div>
          <h1 data-testid="lunas-result">{p.title}</h1>
          <p class="lead">{p.message}</p>
          {href && (
            <div class="actions">
              <a class="btn btn-primary" href={href} data-testid="lunas-return">
                {wordsFor(p.lang)('result.return')}
              </a>
            </div>
          )}
        </div>
        {p.notifyEmbedder && <script dangerouslySetInnerHTML={{ __html: ACTION_COMPLETE_SCRIPT }} />}
      </>
    ),
  });
}
