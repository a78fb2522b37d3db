import { makeTicketType } from '@evently/testing/facts';
import {
  defaultTicketTypes,
  priceFrom,
  sectionTypes,
  TicketType,
  ticketTypeChangeRefusal,
  ticketTypeProblems,
  ticketTypesOf,
} from './ticket-types';

const typeOf = (overrides: Partial<TicketType> = {}): TicketType =>
  makeTicketType({ id: 't-1', name: 'Standard', price: { amount: 2500, currency: 'EUR' }, ...overrides });

describe('ticket types', () => {
  it('gives an event without types one free general-admission type', () => {
    const [only] = defaultTicketTypes();
    expect(only).toMatchObject({
      name: 'General admission',
      price: { amount: 0, currency: 'EUR' },
      hidden: false,
    });
    expect(only.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps the ids of known types, gives new ones an id, and refuses an id the event does not have', () => {
    const current = [typeOf()];
    const result = ticketTypesOf(
      [
        { id: 't-1', name: 'Standard', price: { amount: 3000, currency: 'EUR' } },
        {
          name: 'Early bird',
          price: { amount: 1500, currency: 'EUR' },
          quota: 100,
          salesEnd: '2027-01-01T00:00:00+01:00',
        },
      ],
      current,
    );
    expect('types' in result && result.types.map((t) => t.id)).toEqual([
      't-1',
      expect.stringMatching(/^[0-9a-f-]{36}$/),
    ]);
    expect('types' in result && result.types[1].salesEnd).toBe('2026-12-31T23:00:00.000Z');
    expect(
      ticketTypesOf([{ id: 'nope', name: 'X', price: { amount: 0, currency: 'EUR' } }], current),
    ).toEqual({
      problems: { 'ticketTypes.0.id': [expect.stringContaining('must name a ticket type of this event')] },
    });
  });

  it('names each broken rule by its field', () => {
    expect(ticketTypeProblems([], 100)).toEqual({ ticketTypes: ['an event sells at least one ticket type'] });
    const problems = ticketTypeProblems(
      [
        typeOf(),
        typeOf({ id: 't-2', name: 'standard ' }),
        typeOf({ id: 't-3', name: 'VIP', price: { amount: 9000, currency: 'USD' } }),
        typeOf({
          id: 't-4',
          name: 'Late',
          salesStart: '2027-02-01T00:00:00.000Z',
          salesEnd: '2027-01-01T00:00:00.000Z',
        }),
        typeOf({ id: 't-5', name: 'Big', quota: 101 }),
      ],
      100,
    );
    expect(Object.keys(problems).sort()).toEqual([
      'ticketTypes.1.name',
      'ticketTypes.2.price.currency',
      'ticketTypes.3.salesEnd',
      'ticketTypes.4.quota',
    ]);
    expect(ticketTypeProblems([typeOf({ hidden: true })], 100)).toEqual({
      ticketTypes: ['at least one ticket type must be on show (not hidden)'],
    });
    expect(ticketTypeProblems([typeOf({ quota: 5000 })], null)).toEqual({});
  });

  it('lets a published event add and edit types but never remove one or change its currency', () => {
    const current = [typeOf(), typeOf({ id: 't-2', name: 'VIP' })];
    expect(ticketTypeChangeRefusal(current, [...current, typeOf({ id: 't-3', name: 'Late' })])).toBeNull();
    expect(
      ticketTypeChangeRefusal(current, [typeOf({ price: { amount: 1, currency: 'EUR' } }), current[1]]),
    ).toBeNull();
    expect(ticketTypeChangeRefusal(current, [current[0]])).toMatch(/never removed .*: VIP/);
    expect(
      ticketTypeChangeRefusal(
        current,
        current.map((t) => ({ ...t, price: { amount: 1, currency: 'GBP' } })),
      ),
    ).toMatch(/keeps its currency \(EUR\)/);
  });

  it('quotes the lowest price on show', () => {
    expect(
      priceFrom([
        typeOf({ price: { amount: 2500, currency: 'EUR' } }),
        typeOf({ id: 't-2', price: { amount: 900, currency: 'EUR' }, hidden: true }),
        typeOf({ id: 't-3', price: { amount: 1500, currency: 'EUR' } }),
      ]),
    ).toEqual({ amount: 1500, currency: 'EUR' });
  });
});

describe('seated sections and their types', () => {
  const types = [typeOf(), typeOf({ id: 't-2', name: 'Balcony' })];
  it('takes the type a section names by id or by name, else the first', () => {
    expect(
      sectionTypes(
        [{ name: 'A' }, { name: 'B', ticketType: 'balcony' }, { name: 'C', ticketTypeId: 't-1' }],
        types,
      ),
    ).toEqual({ ids: ['t-1', 't-2', 't-1'] });
  });
  it('refuses a type the event does not sell', () => {
    expect(
      sectionTypes(
        [
          { name: 'A', ticketType: 'Pit' },
          { name: 'B', ticketTypeId: 'x' },
        ],
        types,
      ),
    ).toEqual({
      problems: {
        'seating.sections.0.ticketType': ['section A names a ticket type the event does not sell'],
        'seating.sections.1.ticketTypeId': ['section B names a ticket type the event does not sell'],
      },
    });
  });
});
