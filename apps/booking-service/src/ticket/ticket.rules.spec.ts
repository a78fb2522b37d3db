import { AuthUser, Role } from '@evently/auth';
import { renameRefusal, Ticket, ticketsOf, TicketStatus } from './ticket.rules';

const now = Date.parse('2027-03-01T12:00:00Z');
const line = (ticketTypeId: string, quantity: number) => ({
  ticketTypeId,
  name: ticketTypeId,
  quantity,
  unitPrice: 0,
});
const ticket: Ticket = {
  id: 't-1',
  bookingId: 'b-1',
  eventId: 'e-1',
  userId: 'u-1',
  position: 1,
  ticketTypeId: 'std',
  seat: null,
  attendeeName: null,
  answers: {},
  status: TicketStatus.Valid,
  checkedInAt: null,
  checkedInBy: null,
  createdAt: new Date(now),
};
const holder = { id: 'u-1', role: Role.Customer } as AuthUser;

describe('ticket rules', () => {
  it('make one ticket per place: per order line in order, or per seat (its type left to the seat)', () => {
    expect(ticketsOf({ quantity: 3, seats: [], items: [line('vip', 1), line('std', 2)] })).toEqual([
      { position: 1, seat: null, ticketTypeId: 'vip' },
      { position: 2, seat: null, ticketTypeId: 'std' },
      { position: 3, seat: null, ticketTypeId: 'std' },
    ]);
    // A booking without lines sold the event's one type: filled in from the event.
    expect(ticketsOf({ quantity: 2, seats: [], items: [] }).map((t) => t.ticketTypeId)).toEqual([null, null]);
    expect(ticketsOf({ quantity: 2, seats: ['A-1-1', 'B-1-1'], items: [line('box', 2)] })).toEqual([
      { position: 1, seat: 'A-1-1', ticketTypeId: null },
      { position: 2, seat: 'B-1-1', ticketTypeId: null },
    ]);
  });

  it('let the holder name an attendee until the event starts, not others, not a voided ticket', () => {
    const later = new Date(now + 3_600_000);
    expect(renameRefusal(holder, ticket, later, now)).toBeNull();
    expect(renameRefusal({ id: 'admin', role: Role.Admin } as AuthUser, ticket, later, now)).toBeNull();
    expect(renameRefusal({ id: 'u-2', role: Role.Customer } as AuthUser, ticket, later, now)?.code).toBe(
      'TICKET_NOT_FOUND',
    );
    expect(renameRefusal(holder, { ...ticket, status: TicketStatus.Voided }, later, now)?.code).toBe(
      'TICKET_VOIDED',
    );
    expect(renameRefusal(holder, ticket, new Date(now), now)?.code).toBe('TICKET_LOCKED');
  });
});
