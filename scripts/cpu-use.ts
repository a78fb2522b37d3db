// Where a benchmark's CPU goes: the CPU time of every process on this machine (Linux /proc), summed by the
// part of the stack it belongs to, so that a run can say how many milliseconds of each part one request costs.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export type CpuUse = Map<string, number>;

const TICKS_PER_SECOND = existsSync('/proc/self/stat')
  ? Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  : 100;

/** The part of the stack a process belongs to, from its command line. */
function partOf(pid: string, command: string, name: string): string {
  if (Number(pid) === process.pid) return 'load generator';
  const service = /dist\/apps\/([a-z-]+)\//.exec(command);
  if (service) return service[1];
  if (/^postgres/.test(name) || /postgres/.test(command.split(' ')[0])) return 'postgres';
  if (/beam|epmd|erl_child|inet_gethost/.test(name)) return 'rabbitmq';
  if (/^nginx/.test(name)) return 'nginx';
  if (/maildev/.test(command)) return 'maildev';
  return 'other';
}

/** CPU seconds each process has used so far, with its part; empty where there is no /proc. */
function processTimes(): Map<string, { part: string; seconds: number }> {
  const times = new Map<string, { part: string; seconds: number }>();
  if (!existsSync('/proc/self/stat')) return times;
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      // utime and stime, fields 14 and 15 of stat(5) (11 and 12 after the name).
      const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
      times.set(pid, { part: partOf(pid, command, name), seconds });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return times;
}

/** Starts measuring; the function returned gives the CPU seconds each part used since, largest first. */
export function measureCpu(): () => CpuUse {
  const before = processTimes();
  return () => {
    const used = new Map<string, number>();
    for (const [pid, { part, seconds }] of processTimes()) {
      const spent = seconds - (before.get(pid)?.seconds ?? 0);
      if (spent > 0) used.set(part, (used.get(part) ?? 0) + spent);
    }
    return new Map([...used].sort((a, b) => b[1] - a[1]));
  };
}

/** Milliseconds of CPU each part spent per request, largest first. */
export function msPerRequest(use: CpuUse, requests: number): [part: string, ms: number][] {
  return [...use].map(([part, seconds]) => [part, (1000 * seconds) / requests]);
}

/** The parts that are not Evently: the load generator and the SMTP sink standing in for a mail server. */
export const HARNESS = ['load generator', 'maildev'];

/**
 * CPU per confirmed booking: Evently's processes together (the harness apart), and each part's share
 * ("postgres 3.10, booking-service 2.90, ...").
 */
export function perBooking(
  use: CpuUse,
  confirmed: number,
): { evently: number; harness: number; parts: string } {
  const ms = msPerRequest(use, Math.max(1, confirmed));
  const sum = (rows: [string, number][]) => rows.reduce((total, [, v]) => total + v, 0);
  const harness = ms.filter(([part]) => HARNESS.includes(part));
  const evently = ms.filter(([part]) => !HARNESS.includes(part));
  return {
    evently: sum(evently),
    harness: sum(harness),
    parts: evently.map(([part, v]) => `${part} ${v.toFixed(2)}`).join(', '),
  };
}

/** "CPU 190% of one core; ms per request: booking-service 1.30, postgres 1.02, ..." (parts of >= 1%). */
export function describeCpu(use: CpuUse, requests: number, seconds: number): string {
  const total = [...use.values()].reduce((sum, s) => sum + s, 0);
  const parts = msPerRequest(use, requests)
    .filter(([part]) => use.get(part)! >= total / 100)
    .map(([part, ms]) => `${part} ${ms.toFixed(2)}`)
    .join(', ');
  return `CPU ${((100 * total) / seconds).toFixed(0)}% of one core; ms per request: ${parts}`;
}
