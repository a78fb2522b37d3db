import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stackEnv } from './stack';

export type LogLine = Record<string, unknown>;

/**
 * The JSON lines that a log file of the stack gains from now on, read as they come. Specs read only these:
 * the logs outlive a stack's restart, and a benchmark run on the same stack leaves hundreds of megabytes
 * (more than one string can hold, so reading the whole file fails).
 */
export function followLog<L = LogLine>(name: string): () => L[] {
  const path = join(stackEnv('EVENTLY_LOG_DIR'), name);
  let offset = existsSync(path) ? statSync(path).size : 0;
  let pending = '';
  const lines: L[] = [];
  return () => {
    const size = existsSync(path) ? statSync(path).size : 0;
    if (size <= offset) return lines;
    const chunk = Buffer.alloc(size - offset);
    const fd = openSync(path, 'r');
    try {
      readSync(fd, chunk, 0, chunk.length, offset);
    } finally {
      closeSync(fd);
    }
    offset = size;
    const parts = (pending + chunk.toString('utf8')).split('\n');
    pending = parts.pop() ?? '';
    for (const part of parts) if (part.startsWith('{')) lines.push(JSON.parse(part) as L);
    return lines;
  };
}

/** followLog over every instance's log of a service (`<service>-<i>.log`). */
export function followServiceLogs(service: string): () => LogLine[] {
  const logs = readdirSync(stackEnv('EVENTLY_LOG_DIR'))
    .filter((name) => name.startsWith(`${service}-`) && name.endsWith('.log'))
    .map((name) => followLog(name));
  return () => logs.flatMap((lines) => lines());
}
