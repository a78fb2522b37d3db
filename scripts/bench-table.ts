// The benchmark's table: one row per figure beside its reference, printed as Markdown and drawn as a chart.
import { existsSync, readFileSync } from 'node:fs';
import { CHROMIUM, launchChromium } from './chromium';

export interface Row {
  figure: string;
  value: number;
  unit: string;
  reference?: string;
  referenceValue?: number;
  /** value / referenceValue */
  ratio?: number;
  /** The least ratio the issue asks for, when it asks for one. */
  atLeast?: number;
  target: string;
  met: boolean;
}

export const fmt = (n: number | undefined, digits = 1) =>
  n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits);

/**
 * A rate beside its reference: the ratio, and whether it reaches the least ratio the issue asks for; a
 * figure with no target says instead why it is in the table.
 */
export function compare(
  figure: string,
  value: number,
  reference: string,
  referenceValue: number,
  target: number | string,
): Row {
  const ratio = value / referenceValue;
  const atLeast = typeof target === 'number' ? target : undefined;
  return {
    figure,
    value,
    unit: '/s',
    reference,
    referenceValue,
    ratio,
    atLeast,
    target: atLeast === undefined ? String(target) : `>= ${atLeast}x`,
    met: atLeast === undefined || ratio >= atLeast,
  };
}

export function printTable(rows: Row[]): string {
  const header = ['figure', 'value', 'reference', 'ratio', 'target', 'met'];
  const lines = rows.map((r) => [
    r.figure,
    `${fmt(r.value)}${r.unit === '/s' ? '/s' : r.unit ? ` ${r.unit}` : ''}`,
    r.reference ? `${fmt(r.referenceValue)}${r.unit === '/s' ? '/s' : ` ${r.unit}`} ${r.reference}` : '-',
    r.ratio === undefined ? '-' : `${fmt(r.ratio, 2)}x`,
    r.target,
    r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...lines.map(line)].join('\n');
}

/** A bar of the chart: a ratio, the mark the issue sets for it (if any), and whether it is met. */
interface Bar {
  label: string;
  ratio: number;
  mark?: number;
  met: boolean;
}

/**
 * The bars of the chart, in two panels: rates against their references (higher is better, the issue's
 * least ratio marked), and costs and latencies against their targets or budget (lower is better, 1 = the
 * target): the CPU per booking over what target 1 leaves it, each `<= N` figure over N.
 */
export function chartBars(rows: Row[]): { rates: Bar[]; costs: Bar[] } {
  // Without what the figure says in parentheses (ranges, counts): the table has those.
  const label = (r: Row) => r.figure.replace(/ \([^()]*(\([^()]*\)[^()]*)*\)/g, '');
  const rates = rows
    .filter((r) => r.ratio !== undefined && r.unit === '/s')
    .map((r) => ({ label: label(r), ratio: r.ratio!, mark: r.atLeast, met: r.met }));
  const costs: Bar[] = [];
  for (const r of rows) {
    if (r.ratio !== undefined && r.unit === 'ms') {
      costs.push({ label: label(r), ratio: r.ratio, mark: 1, met: r.met });
      continue;
    }
    const bound = /^<= (\d+(?:\.\d+)?)/.exec(r.target);
    if (bound && Number(bound[1]) > 0) {
      costs.push({ label: label(r), ratio: r.value / Number(bound[1]), mark: 1, met: r.met });
    }
  }
  return { rates, costs };
}

/**
 * The ratios (and the targets) as a bar chart in two panels (see `chartBars`), drawn as SVG and photographed
 * by Chromium when it is here. Bars past 1.2x (rates) or 4x (costs) are cut at the edge; the label says the
 * whole ratio.
 */
export async function writeChart(rows: Row[], file: string, at = new Date()): Promise<boolean> {
  if (!existsSync(CHROMIUM)) return false;
  const { rates, costs } = chartBars(rows);
  const width = 1100;
  const bar = 22;
  const step = bar + 10;
  const left = 580;
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const panel = (title: string, bars: Bar[], top: number, most: number): string[] => {
    const x = (ratio: number) => left + (Math.min(most, ratio) / most) * 420;
    return [
      `<text x="10" y="${top + 14}" font-size="13" font-weight="bold">${escape(title)}</text>`,
      ...bars.flatMap((b, i) => {
        const y = top + 24 + i * step;
        return [
          `<text x="10" y="${y + 15}">${escape(b.label.length > 95 ? `${b.label.slice(0, 94)}…` : b.label)}</text>`,
          `<rect x="${left}" y="${y}" width="${x(b.ratio) - left}" height="${bar}" fill="${b.met ? '#27ae60' : '#eb5757'}"/>`,
          `<text x="${x(b.ratio) + 4}" y="${y + 15}">${fmt(b.ratio, 2)}x</text>`,
          b.mark === undefined
            ? ''
            : `<line x1="${x(b.mark)}" x2="${x(b.mark)}" y1="${y - 3}" y2="${y + bar + 3}" stroke="#000" stroke-width="2"/>`,
        ];
      }),
    ];
  };
  const ratesTop = 36;
  const costsTop = ratesTop + 34 + rates.length * step;
  const height = costsTop + 34 + costs.length * step;
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="22" font-size="15" font-weight="bold">Evently bench ${at.toISOString().slice(0, 16)}</text>`,
    ...panel('Rates: value / reference, higher is better (the target marked)', rates, ratesTop, 1.2),
    ...panel('Costs and latencies: value / target or budget, lower is better (1 marked)', costs, costsTop, 4),
    `</svg>`,
  ].join('\n');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.setContent(`<body style="margin:0">${svg}</body>`);
    await page.screenshot({ path: file });
  } finally {
    await browser.close();
  }
  return true;
}

// `node dist/scripts/bench-table.js <latest.json> <chart.png>`: draws the chart of a run again.
if (require.main === module) {
  const [json, png] = process.argv.slice(2);
  const run = JSON.parse(readFileSync(json, 'utf8')) as { at: string; rows: Row[] };
  void writeChart(run.rows, png, new Date(run.at)).then((drawn) => {
    console.log(drawn ? `Wrote ${png}` : 'No Chromium here: no chart');
  });
}
