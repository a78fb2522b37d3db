import type { EventSnapshot } from '@evently/contracts';

export const MAX_SEATS_PER_EVENT = 20000;

export interface SeatingSection {
  name: string;
  rows: number;
  seatsPerRow: number;
  /** The ticket type its seats are sold as (every stored section has one). */
  ticketTypeId?: string;
}

export interface SeatingPlan {
  sections: SeatingSection[];
}

export type Seat = NonNullable<EventSnapshot['seats']>[number];

export const seatCount = (plan: SeatingPlan): number =>
  plan.sections.reduce((total, s) => total + s.rows * s.seatsPerRow, 0);

/** Every seat of the plan, labelled `SECTION-ROW-NUMBER` (rows and numbers from 1). */
export function seatsOf(plan: SeatingPlan): Seat[] {
  const seats: Seat[] = [];
  for (const section of plan.sections) {
    for (let row = 1; row <= section.rows; row++) {
      for (let number = 1; number <= section.seatsPerRow; number++) {
        seats.push({
          label: `${section.name}-${row}-${number}`,
          section: section.name,
          row,
          number,
          ...(section.ticketTypeId && { ticketTypeId: section.ticketTypeId }),
        });
      }
    }
  }
  return seats;
}

/** Why a plan cannot stand on its own (duplicate section names, too many seats), by field; empty if fine. */
export function planProblems(plan: SeatingPlan): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const seen = new Set<string>();
  plan.sections.forEach((section, i) => {
    const key = section.name.toUpperCase();
    if (seen.has(key))
      problems[`seating.sections.${i}.name`] = [`section name ${section.name} is used twice`];
    seen.add(key);
  });
  const total = seatCount(plan);
  if (total > MAX_SEATS_PER_EVENT) {
    problems['seating.sections'] = [
      `a plan has at most ${MAX_SEATS_PER_EVENT} seats (this one has ${total})`,
    ];
  }
  return problems;
}

/**
 * Once an event is published, its plan may only grow: every existing section stays (same name) with at least
 * as many rows and seats per row, so no sold or bookable seat disappears or changes label. Returns the
 * sections that would shrink or vanish; empty if `next` only adds seats.
 */
export function plansRemovingSeats(current: SeatingPlan, next: SeatingPlan): string[] {
  return current.sections
    .filter((old) => {
      const kept = next.sections.find((s) => s.name === old.name);
      return !kept || kept.rows < old.rows || kept.seatsPerRow < old.seatsPerRow;
    })
    .map((s) => s.name);
}
