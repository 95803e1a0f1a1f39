/** The components-init table: each series' spread, where its time went, the ratios and the target. */
import { printTable } from '../lib/report.ts';
import { fmt, round, summarize, type LatencySummary } from '../lib/stats.ts';
import { SERIES, TARGET_MS, type Series } from './settings.ts';
import type { Visit } from './visit.ts';

export interface SeriesResult extends LatencySummary {
  n: number;
  /** Medians of when each response arrived, and the session request left (ms since navigation start). */
  htmlMedian: number;
  scriptMedian: number;
  sessionSentMedian: number;
  sessionMedian: number;
}

export interface Summary {
  series: Record<Series, SeriesResult>;
  ratio: { cold: { p50: number; p90: number }; warm: { p50: number; p90: number } };
  target: { ms: number; coldMedianPass: boolean; coldP90Pass: boolean };
}

const median = (values: (number | undefined)[]) => summarize(values.filter((v): v is number => typeof v === 'number')).p50;

export function summarise(samples: Record<Series, Visit[]>): Summary {
  const series = Object.fromEntries(
    SERIES.map((name) => {
      const visits = samples[name];
      const spread = summarize(visits.map((v) => v.at));
      const result: SeriesResult = {
        ...spread,
        n: visits.length,
        htmlMedian: median(visits.map((v) => v.html)),
        scriptMedian: median(visits.map((v) => v.script)),
        sessionSentMedian: median(visits.map((v) => v.sessionSent)),
        sessionMedian: median(visits.map((v) => v.session)),
      };
      return [name, result];
    }),
  ) as Record<Series, SeriesResult>;
  const ratio = (sdk: SeriesResult, floor: SeriesResult) => ({ p50: round(sdk.p50 / floor.p50, 2), p90: round(sdk.p90 / floor.p90, 2) });
  const cold = series['sdk-cold'];
  return {
    series,
    ratio: { cold: ratio(cold, series['floor-cold']), warm: ratio(series['sdk-warm'], series['floor-warm']) },
    target: { ms: TARGET_MS, coldMedianPass: cold.p50 <= TARGET_MS, coldP90Pass: cold.p90 <= TARGET_MS },
  };
}

const LABEL: Record<Series, string> = {
  'sdk-cold': 'SDK, cold (first visit)',
  'sdk-warm': 'SDK, warm (second visit)',
  'floor-cold': 'floor, cold',
  'floor-warm': 'floor, warm',
};

export function printSummary(summary: Summary, build: string): void {
  const { series, ratio, target } = summary;
  const rows = [['page load → ready, ms', 'n', 'median', 'p90', 'max', 'HTML in', 'SDK in', 'session sent', 'session in']];
  for (const name of SERIES) {
    const s = series[name];
    const script = name.startsWith('sdk') ? fmt(s.scriptMedian, 1) : '-';
    rows.push([LABEL[name], String(s.n), fmt(s.p50, 1), fmt(s.p90, 1), fmt(s.max, 1), fmt(s.htmlMedian, 1), script, fmt(s.sessionSentMedian, 1), fmt(s.sessionMedian, 1)]);
  }
  rows.push(['SDK/floor, cold', '', fmt(ratio.cold.p50, 2), fmt(ratio.cold.p90, 2), '', '', '', '', '']);
  rows.push(['SDK/floor, warm', '', fmt(ratio.warm.p50, 2), fmt(ratio.warm.p90, 2), '', '', '', '', '']);
  printTable(`@lunas/components (${build} build): navigation start → init (SDK) / JSON parsed (floor); "HTML in" … "session in" = medians of when each response arrived / the session request left`, rows);
  const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
  console.log(
    `\ntarget: page load → init ≤ ${target.ms} ms, cold visit: median ${fmt(series['sdk-cold'].p50, 1)} ms ${verdict(target.coldMedianPass)}, ` +
      `p90 ${fmt(series['sdk-cold'].p90, 1)} ms ${verdict(target.coldP90Pass)}`,
  );
}
