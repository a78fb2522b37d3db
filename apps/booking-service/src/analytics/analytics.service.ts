import { AuthUser, Role } from '@evently/auth';
import { ValidationFailedException } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { BookingErrorCode, BookingException } from '../errors';
import { BookingService } from '../booking/booking.service';
import { InventoryService } from '../inventory/inventory.service';
import { InvitationService } from '../invitation/invitation.service';
import { WaitlistRepository } from '../waitlist/waitlist.repository';
import { PaymentRepository } from '../payment/payment.repository';
import { DataSource } from 'typeorm';
import { TicketRepository } from '../ticket/ticket.repository';
import { AnalyticsRepository, Scope, utilization } from './analytics.repository';
import { checkInSummary } from './check-in.rules';

export interface DateRange {
  from?: string;
  to?: string;
}

const DAY_MS = 86_400_000;
const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Figures for organizers (their own events), admins (all) and anyone (their own bookings), from counters
 * kept in the same transactions as the bookings and answers they count, so they agree with availability at
 * the same moment. Days are UTC dates.
 */
@Injectable()
export class AnalyticsService {
  constructor(
    private readonly analytics: AnalyticsRepository,
    private readonly tickets: TicketRepository,
    private readonly inventory: InventoryService,
    private readonly bookings: BookingService,
    private readonly invitations: InvitationService,
    private readonly waitlist: WaitlistRepository,
    private readonly payments: PaymentRepository,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Totals over the caller's events; with from/to, `bookings`, `cancellations` and `ticketsSold` count the
   * activity of those days instead (events, capacity, waitlisted and rsvpYes stay current).
   */
  async overview(caller: AuthUser, range: DateRange) {
    const scope = scopeOf(caller);
    const totals = await this.analytics.totals(scope);
    const revenue = await this.payments.revenue(this.dataSource.manager, scope);
    if (range.from === undefined && range.to === undefined) {
      return { ...totals, utilization: utilization(totals.ticketsSold, totals.capacity), revenue };
    }
    const { from, to } = daysOf(range, 3650);
    const activity = await this.analytics.activity(scope, from, to);
    return {
      ...totals,
      bookings: activity.bookings,
      cancellations: activity.cancellations,
      ticketsSold: activity.tickets,
      utilization: utilization(totals.ticketsSold, totals.capacity),
      revenue,
      from,
      to,
    };
  }

  async event(caller: AuthUser, eventId: string) {
    const event = await this.inventory.visibleEvent(caller, eventId);
    if (caller.role !== Role.Admin && event.organizerId !== caller.id) throw notOrganizer();
    const { availability } = await this.inventory.availability(eventId, caller);
    const totals = await this.analytics.eventTotals(eventId);
    const waitlist = await this.waitlist.countsByStatus(eventId);
    const rsvp = await this.invitations.countsOf(eventId);
    return {
      eventId,
      capacity: availability.capacity,
      booked: availability.booked,
      held: availability.held,
      available: availability.available,
      utilization: utilization(availability.booked, availability.capacity),
      bookings: totals.bookings,
      cancellations: totals.cancellations,
      waitlist: {
        waiting: waitlist.waiting ?? 0,
        offered: waitlist.offered ?? 0,
        accepted: waitlist.accepted ?? 0,
        expired: waitlist.expired ?? 0,
      },
      rsvp: { invited: rsvp.invited, yes: rsvp.yes, no: rsvp.no, maybe: rsvp.maybe, pending: rsvp.pending },
      salesByDay: await this.analytics.salesByDay(eventId),
      revenue: await this.payments.revenue(this.dataSource.manager, null, eventId),
      revenueByType: await this.payments.revenueByType(this.dataSource.manager, eventId),
      checkIn: checkInSummary(
        await this.tickets.checkInsByType(eventId),
        event.ticketTypes,
        event.endsAt.getTime() <= Date.now(),
      ),
    };
  }

  async popular(caller: AuthUser, limit: number) {
    const rows = await this.analytics.popular(scopeOf(caller), limit);
    return {
      items: rows.map((r) => ({
        eventId: r.eventId,
        title: r.title,
        ticketsSold: r.ticketsSold,
        capacity: r.capacity,
        utilization: utilization(r.ticketsSold, r.capacity),
      })),
    };
  }

  /** Activity per day or week; by default the last 30 days. */
  async trends(caller: AuthUser, range: DateRange, interval: 'day' | 'week') {
    const { from, to } = daysOf(range, 366);
    return { from, to, interval, items: await this.analytics.trends(scopeOf(caller), from, to, interval) };
  }

  async venues(caller: AuthUser) {
    const rows = await this.analytics.venues(scopeOf(caller));
    return { items: rows.map((r) => ({ ...r, utilization: utilization(r.ticketsSold, r.capacity) })) };
  }

  me(caller: AuthUser) {
    return this.bookings.personalStats(caller);
  }
}

function scopeOf(caller: AuthUser): Scope {
  if (caller.role === Role.Admin) return null;
  if (caller.role === Role.Organizer) return caller.id;
  throw new BookingException(BookingErrorCode.NotEventOrganizer, 'Analytics are for organizers and admins');
}

const notOrganizer = () =>
  new BookingException(BookingErrorCode.NotEventOrganizer, "Only the event's organizer or an admin");

/** The UTC days of a range: `to` defaults to today, `from` to 29 days before it; at most `maxDays`. */
function daysOf(range: DateRange, maxDays: number): { from: string; to: string } {
  const to = range.to ? new Date(range.to) : new Date();
  const from = range.from ? new Date(range.from) : new Date(to.getTime() - 29 * DAY_MS);
  if (from.getTime() > to.getTime())
    throw new ValidationFailedException({ to: ['to must not be before from'] });
  if (to.getTime() - from.getTime() > maxDays * DAY_MS) {
    throw new ValidationFailedException({ from: [`at most ${maxDays} days from from to to`] });
  }
  return { from: utcDay(from), to: utcDay(to) };
}
