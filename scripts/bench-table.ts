// The benchmark's table: one row per figure beside its reference, printed as Markdown and drawn as a chart.
import { existsSync } from 'node:fs';
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

/** The ratios (and the targets) as a bar chart, drawn as SVG and photographed by Chromium when it is here. */
export async function writeChart(rows: Row[], file: string): Promise<boolean> {
  if (!existsSync(CHROMIUM)) return false;
  // Rates against their references (the CPU budget's ratio is a cost: higher is worse, so not drawn here).
  const withRatio = rows.filter((r) => r.ratio !== undefined && r.unit === '/s');
  const width = 900;
  const bar = 26;
  const height = 60 + withRatio.length * (bar + 14);
  const scale = (x: number) => 380 + Math.min(1.2, x) * 400;
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="22" font-size="15" font-weight="bold">Evently bench ${new Date().toISOString().slice(0, 16)}: value / reference (target marked)</text>`,
    ...withRatio.flatMap((r, i) => {
      const y = 44 + i * (bar + 14);
      const target = r.atLeast;
      return [
        `<text x="10" y="${y + 17}">${r.figure.replace(/&/g, '&amp;').replace(/</g, '&lt;').slice(0, 58)}</text>`,
        `<rect x="380" y="${y}" width="${scale(r.ratio!) - 380}" height="${bar}" fill="${r.met ? '#27ae60' : '#eb5757'}"/>`,
        `<text x="${scale(r.ratio!) + 4}" y="${y + 17}">${fmt(r.ratio, 2)}x</text>`,
        target === undefined
          ? ''
          : `<line x1="${scale(target)}" x2="${scale(target)}" y1="${y - 3}" y2="${y + bar + 3}" stroke="#000" stroke-width="2"/>`,
      ];
    }),
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
