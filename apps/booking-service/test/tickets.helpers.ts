import { api, Caller } from '@evently/testing/evently-api';

export interface TicketBody {
  id: string;
  bookingId: string;
  eventId: string;
  ticketTypeId: string | null;
  seat: string | null;
  attendeeName: string | null;
  status: string;
  code: string;
}

/** A booking's tickets, as its holder (or organizer) reads them. */
export const ticketsOf = async (caller: Caller, bookingId: string) =>
  ((await api('GET', `/bookings/${bookingId}/tickets`, { caller })).json() as { items: TicketBody[] }).items;
