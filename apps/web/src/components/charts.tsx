// Small SVG charts: pictures of the analytics the API returns, each with an accessible name saying the
// same in words. No chart library: three shapes do not earn a dependency of several hundred kilobytes.

import { type DaySales, everyDay } from '../format';

const WIDTH = 560;
const HEIGHT = 150;
const AXIS = 24;

/** Places sold (and bookings cancelled) per UTC day, as bars. */
export function SalesByDayChart({ days: sales }: { days: DaySales[] }) {
  const days = everyDay(sales);
  const label =
    days.length === 0
      ? 'Sales by day: nothing sold yet'
      : `Sales by day: ${days.map((d) => `${d.date} ${d.tickets} sold, ${d.cancellations} cancelled`).join('; ')}`;
  const top = Math.max(1, ...days.map((d) => Math.max(d.tickets, d.cancellations)));
  const slot = days.length === 0 ? WIDTH : (WIDTH - AXIS) / days.length;
  const bar = Math.max(2, Math.min(28, slot / 2 - 2));
  const scale = (n: number) => ((HEIGHT - AXIS - 8) * n) / top;
  return (
    <figure className="chart">
      <svg
        role="img"
        aria-label={label}
        data-chart="sales-by-day"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        <line x1={AXIS} y1={HEIGHT - AXIS} x2={WIDTH} y2={HEIGHT - AXIS} stroke="#999" />
        <text x={2} y={12} fontSize={10} fill="#555">
          {top}
        </text>
        {days.length === 0 && (
          <text x={WIDTH / 2} y={HEIGHT / 2} textAnchor="middle" fill="#777">
            No sales yet
          </text>
        )}
        {days.map((d, i) => {
          const x = AXIS + i * slot + slot / 2;
          return (
            <g key={d.date} data-day={d.date}>
              <rect
                className="sold"
                x={x - bar - 1}
                y={HEIGHT - AXIS - scale(d.tickets)}
                width={bar}
                height={scale(d.tickets)}
                fill="#2f80ed"
              >
                <title>{`${d.date}: ${d.tickets} sold`}</title>
              </rect>
              <rect
                className="cancelled"
                x={x + 1}
                y={HEIGHT - AXIS - scale(d.cancellations)}
                width={bar}
                height={scale(d.cancellations)}
                fill="#eb5757"
              >
                <title>{`${d.date}: ${d.cancellations} cancelled`}</title>
              </rect>
              {(days.length <= 14 || i % Math.ceil(days.length / 14) === 0) && (
                <text x={x} y={HEIGHT - 8} fontSize={10} textAnchor="middle" fill="#555">
                  {d.date.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span className="key sold" /> places sold <span className="key cancelled" /> bookings cancelled
      </figcaption>
    </figure>
  );
}

export interface Part {
  name: string;
  value: number;
  colour: string;
}

/** One horizontal bar split into parts (places booked / held / free; answers yes / maybe / no / none). */
export function StackedBar({ title, parts, chart }: { title: string; parts: Part[]; chart: string }) {
  const total = parts.reduce((sum, p) => sum + p.value, 0);
  const label = `${title}: ${parts.map((p) => `${p.value} ${p.name}`).join(', ')}`;
  let x = 0;
  return (
    <figure className="chart">
      <svg role="img" aria-label={label} data-chart={chart} viewBox={`0 0 ${WIDTH} 34`} width="100%">
        <rect x={0} y={4} width={WIDTH} height={26} fill="#eee" rx={4} />
        {parts.map((p) => {
          const width = total === 0 ? 0 : (WIDTH * p.value) / total;
          const rect = (
            <rect key={p.name} data-part={p.name} x={x} y={4} width={width} height={26} fill={p.colour}>
              <title>{`${p.value} ${p.name}`}</title>
            </rect>
          );
          x += width;
          return rect;
        })}
      </svg>
      <figcaption>
        <strong>{title}</strong>{' '}
        {parts.map((p) => (
          <span key={p.name} className="part">
            <span className="key" style={{ background: p.colour }} /> {p.value} {p.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
