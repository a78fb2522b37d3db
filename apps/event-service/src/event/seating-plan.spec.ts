import { MAX_SEATS_PER_EVENT, planProblems, plansRemovingSeats, seatCount, seatsOf } from './seating-plan';

const plan = (...sections: [string, number, number][]) => ({
  sections: sections.map(([name, rows, seatsPerRow]) => ({ name, rows, seatsPerRow })),
});

describe('seating plan', () => {
  it('labels every seat SECTION-ROW-NUMBER, rows and numbers from 1', () => {
    const seats = seatsOf(plan(['A', 2, 3], ['B', 1, 1]));
    expect(seats.map((s) => s.label)).toEqual([
      'A-1-1',
      'A-1-2',
      'A-1-3',
      'A-2-1',
      'A-2-2',
      'A-2-3',
      'B-1-1',
    ]);
    expect(seats[4]).toEqual({ label: 'A-2-2', section: 'A', row: 2, number: 2 });
    expect(seatCount(plan(['A', 2, 3], ['B', 1, 1]))).toBe(7);
  });

  it('refuses duplicate section names, case-insensitively, and plans over the seat limit', () => {
    expect(planProblems(plan(['A', 1, 1], ['a', 1, 1]))).toEqual({
      'seating.sections.1.name': ['section name a is used twice'],
    });
    expect(planProblems(plan(['A', 100, 100], ['B', 100, 100]))).toEqual({});
    expect(planProblems(plan(['A', 100, 100], ['B', 100, 100], ['C', 1, 1]))['seating.sections']).toEqual([
      `a plan has at most ${MAX_SEATS_PER_EVENT} seats (this one has 20001)`,
    ]);
  });

  it('lets a published plan grow but never lose or relabel a seat', () => {
    const current = plan(['A', 2, 3], ['B', 1, 4]);
    expect(plansRemovingSeats(current, plan(['A', 3, 3], ['B', 1, 5], ['C', 1, 1]))).toEqual([]);
    expect(plansRemovingSeats(current, plan(['B', 1, 4], ['A', 2, 3]))).toEqual([]);
    expect(plansRemovingSeats(current, plan(['A', 1, 3], ['B', 1, 4]))).toEqual(['A']);
    expect(plansRemovingSeats(current, plan(['A', 2, 3], ['B', 2, 3]))).toEqual(['B']);
    expect(plansRemovingSeats(current, plan(['A', 2, 3], ['X', 1, 4]))).toEqual(['B']);
  });
});
