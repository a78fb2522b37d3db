// The general-admission flash sale again with RabbitMQ as a three-node cluster (every quorum queue
// replicated to each node), beside the one-node sale of the same run: what replication costs a sale. The test
// stack's broker is re-formed for it (`scripts/stack.sh broker:reform 3`, which restarts the services) and
// formed back with its node count afterwards. Used by `npm run bench` (bench-all.ts); BENCH_CLUSTER=0 skips it.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Client } from 'pg';
import { describeCpu, perBooking } from './cpu-use';
import { BUYERS, CONCURRENCY, env, PLACES, stackName } from './bench-stack';
import { compare, fmt, type Row } from './bench-table';
import { runSale, type SaleResult } from './flash-sale-bench';

const ROOT = resolve(__dirname, '..', '..');
const CLUSTER_NODES = 3;

function reform(nodes: number): void {
  execFileSync('bash', [resolve(ROOT, 'scripts', 'stack.sh'), 'broker:reform', String(nodes)], {
    cwd: ROOT,
    env: { ...process.env, EVENTLY_STACK: stackName },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/** The median sale of several by confirmed/s, and the range of a figure across them. */
export function medianSale(sales: SaleResult[]): {
  sale: SaleResult;
  range: (figure: (s: SaleResult) => number, unit: string) => string;
} {
  const sorted = [...sales].sort((a, b) => a.confirmedPerSecond - b.confirmedPerSecond);
  return {
    sale: sorted[Math.floor((sorted.length - 1) / 2)],
    range: (figure, unit) =>
      sorted.length === 1
        ? ''
        : ` (median of ${sorted.length}: ${fmt(Math.min(...sorted.map(figure)))}-${fmt(Math.max(...sorted.map(figure)))}${unit})`,
  };
}

/**
 * Rows for the three-node sale beside `oneNode` (the median one-node GA sale of this run), or none when the
 * stack already runs a cluster (there is then no one-node sale to set it beside) or BENCH_CLUSTER=0.
 */
export async function clusterSaleRows(
  oneNode: SaleResult,
  bookingDb: Client,
  runs: number,
): Promise<{ rows: Row[]; cpuLine?: string }> {
  const formed = Number(env.EVENTLY_RABBIT_NODES ?? 1);
  if (process.env.BENCH_CLUSTER === '0' || formed !== 1) return { rows: [] };
  const name = `Flash sale, general admission, RabbitMQ a ${CLUSTER_NODES}-node cluster`;
  console.log(`${name} (the broker re-formed with ${CLUSTER_NODES} nodes)...`);
  reform(CLUSTER_NODES);
  const sales: SaleResult[] = [];
  try {
    for (let run = 0; run < runs; run++) sales.push(await runSale('ga', bookingDb));
  } finally {
    reform(formed);
  }
  const { sale, range } = medianSale(sales);
  const cpuLine = `${name}: ${describeCpu(sale.cpu, BUYERS, sale.seconds)}`;
  console.log(`  ${cpuLine}`);
  const correct = sales.every((s) => s.confirmed === PLACES && s.oversold === 0);
  if (!correct) process.exitCode = 1;
  const perBookingMs = (s: SaleResult) => perBooking(s.cpuToSoldOut, s.confirmed).evently;
  return {
    cpuLine,
    rows: [
      compare(
        `${name}: confirmed bookings/s${range((s) => s.confirmedPerSecond, '/s')}`,
        sale.confirmedPerSecond,
        'the one-node GA flash sale of this run',
        oneNode.confirmedPerSecond,
        '(what replication costs)',
      ),
      {
        figure: `${name}: p99 at ${CONCURRENCY} buyers${range((s) => s.p99, ' ms')}`,
        value: sale.p99,
        unit: 'ms',
        reference: 'the one-node GA sale',
        referenceValue: oneNode.p99,
        ratio: sale.p99 / oneNode.p99,
        target: '<= 100 ms',
        met: sale.p99 <= 100,
      },
      {
        figure: `${name}: CPU per confirmed booking, Evently's processes, until sold out`,
        value: perBookingMs(sale),
        unit: 'ms',
        reference: 'the one-node GA sale',
        referenceValue: perBookingMs(oneNode),
        ratio: perBookingMs(sale) / perBookingMs(oneNode),
        target: '(what replication costs)',
        met: true,
      },
      {
        figure: `${name}: sold ${PLACES}/${PLACES} in ${sales.filter((s) => s.confirmed === PLACES).length} of ${sales.length} sales; oversold`,
        value: sales.reduce((sum, s) => sum + s.oversold, 0),
        unit: '',
        target: '0',
        met: correct,
      },
    ],
  };
}
