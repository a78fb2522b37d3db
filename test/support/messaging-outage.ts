// Facts written before, during and after a broker outage, and the proof each was handled once.
import { eventually } from './eventually';

import { LabService } from './messaging-lab';

export interface OutageScenario {
  /** Cuts the producer and consumer off the broker (proxy cut, broker stop...). */
  cut(): Promise<void>;
  /** Brings the broker back. */
  restore(): Promise<void>;
  /** Checks made while the broker is away, after the writes. */
  whileDown?(): Promise<void>;
  outageMs: number;
}

/**
 * Writes facts before, during (every 100 ms for `outageMs`) and after a broker outage, then waits until
 * the consumer has handled every one of them. Returns how many were written, and how many during.
 */
export async function writeThroughOutage(
  producer: LabService,
  consumer: LabService,
  scenario: OutageScenario,
): Promise<{ written: string[]; duringOutage: number; handledOnce: number }> {
  const written: string[] = [];
  const write = async (label: string) => written.push(await producer.things.createThing(label));
  for (let i = 0; i < 20; i++) await write(`before ${i}`);
  await scenario.cut();
  const outageEnds = Date.now() + scenario.outageMs;
  let duringOutage = 0;
  while (Date.now() < outageEnds) {
    await write(`during ${duringOutage++}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await scenario.whileDown?.();
  await scenario.restore();
  for (let i = 0; i < 20; i++) await write(`after ${i}`);

  const countEffects = async (distinct: boolean) => {
    const [row] = await consumer.dataSource.query<{ n: number }[]>(
      `SELECT count(${distinct ? 'DISTINCT subject' : '*'})::int AS n FROM lab_effects WHERE subject = ANY($1)`,
      [written],
    );
    return row.n;
  };
  await eventually(
    async () => ((await countEffects(true)) === written.length ? true : undefined),
    90000,
    `all ${written.length} things handled`,
  );
  return { written, duringOutage, handledOnce: await countEffects(false) };
}
