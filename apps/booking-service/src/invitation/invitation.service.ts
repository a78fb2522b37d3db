import { AuthUser, Role } from '@evently/auth';
import { Page, ValidationFailedException } from '@evently/common';
import { RoutingKeys, RsvpResponse } from '@evently/contracts';
import { OutboxService } from '@evently/messaging';
import { defineJobQueue, SchedulerService } from '@evently/scheduler';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { BookingErrorCode, BookingException } from '../errors';
import { InventoryEntity, InventoryStatus, isBookable } from '../inventory/inventory.entity';
import { InventoryService } from '../inventory/inventory.service';
import { StatsRepository } from '../stats/stats.repository';
import { WaitlistOffersService } from '../waitlist/waitlist-offers.service';
import { InvitationEntity, InvitationStatus, RsvpCounts, RsvpWindow } from './invitation.entity';
import { InvitationErrorCode, InvitationException } from './invitation.exception';
import { InvitationRepository } from './invitation.repository';

/** The job that sends an event's RSVP summary at its deadline (if every guest has not answered before). */
export const RSVP_DEADLINE = defineJobQueue<{ eventId: string }>('rsvp.deadline', {
  retryLimit: 20,
  retryDelaySeconds: 1,
  expireInSeconds: 60,
});

export interface InvitationRequest {
  eventId: string;
  guests: { email: string; name?: string }[];
  message?: string;
  rsvpBy?: string;
  plusOnesAllowed?: number;
}

export interface RsvpAnswer {
  response: RsvpResponse;
  plusOnes?: number;
  comment?: string;
}

/** Who is answering: a signed-in invitee (by invitation id), or anyone holding the emailed token. */
export type Respondent = { caller: AuthUser; invitationId: string } | { token: string };

export interface InvitationView {
  invitation: InvitationEntity;
  rsvpBy: Date;
  event?: InventoryEntity;
}

export interface RsvpSummaryView extends RsvpCounts {
  eventId: string;
  rsvpBy: Date | null;
  closed: boolean;
}

const hashOf = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/**
 * Invitations and RSVP. An organizer invites addresses to a published event; each guest answers (signed in,
 * or with the token from the email) until the event's RSVP deadline. On general admission a "yes" holds
 * 1 + plus-ones places exactly like a booking (same sale statement, never oversold); another answer gives
 * them back, and a waiting list gets them. The host's summary goes out once: when every guest has answered,
 * or at the deadline (a timed job). Changes of one event are serialised on its inventory row, then its
 * RSVP window, then the invitation.
 */
@Injectable()
export class InvitationService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly invitations: InvitationRepository,
    private readonly inventory: InventoryService,
    private readonly offers: WaitlistOffersService,
    private readonly stats: StatsRepository,
    private readonly outbox: OutboxService,
    private readonly scheduler: SchedulerService,
  ) {}

  onModuleInit(): void {
    this.scheduler.handle(RSVP_DEADLINE, (manager, job) => this.closeAtDeadline(manager, job.eventId));
  }

  /** Invites the guests not invited yet; returns them, and the addresses skipped. */
  async invite(
    caller: AuthUser,
    request: InvitationRequest,
  ): Promise<{ items: InvitationView[]; skipped: string[] }> {
    return this.dataSource.transaction(async (manager) => {
      const visible = await this.inventory.visibleEvent(caller, request.eventId, manager);
      assertOrganizer(caller, visible);
      const event = await this.inventory.lockEvent(manager, request.eventId);
      if (!isBookable(event)) {
        throw new BookingException(
          BookingErrorCode.EventNotBookable,
          'This event is not open for invitations',
          {
            status: event.status,
          },
        );
      }
      const rsvpBy = request.rsvpBy === undefined ? undefined : new Date(request.rsvpBy);
      if (rsvpBy && (rsvpBy.getTime() <= Date.now() || rsvpBy.getTime() > event.startsAt.getTime())) {
        throw new ValidationFailedException({
          rsvpBy: ['rsvpBy must be in the future and not after the start'],
        });
      }
      const window = await this.planWindow(manager, event, rsvpBy);

      const seen = new Set<string>();
      const fresh: { id: string; email: string; name: string | null; token: string }[] = [];
      const skipped: string[] = [];
      for (const guest of request.guests) {
        const email = guest.email.trim().toLowerCase();
        if (seen.has(email)) {
          skipped.push(email);
          continue;
        }
        seen.add(email);
        fresh.push({
          id: randomUUID(),
          email,
          name: guest.name ?? null,
          token: randomBytes(32).toString('base64url'),
        });
      }
      const created = await this.invitations.insertNew(
        manager,
        event.eventId,
        {
          message: request.message ?? null,
          plusOnesAllowed: request.plusOnesAllowed ?? 0,
          invitedBy: caller.id,
        },
        fresh.map((g) => ({ id: g.id, email: g.email, name: g.name, tokenHash: hashOf(g.token) })),
      );
      const createdIds = new Set(created.map((i) => i.id));
      skipped.push(...fresh.filter((g) => !createdIds.has(g.id)).map((g) => g.email));
      const tokens = new Map(fresh.map((g) => [g.id, g.token]));
      await this.outbox.addMany(
        manager,
        RoutingKeys.InvitationSent,
        created.map((i) => ({
          invitationId: i.id,
          eventId: i.eventId,
          organizerId: event.organizerId,
          email: i.email,
          name: i.name,
          message: i.message,
          rsvpBy: window.rsvpBy.toISOString(),
          plusOnesAllowed: i.plusOnesAllowed,
          token: tokens.get(i.id)!,
        })),
      );
      return { items: created.map((invitation) => ({ invitation, rsvpBy: window.rsvpBy })), skipped };
    });
  }

  /** Records an answer (until the deadline); a "yes" on general admission holds its places. */
  async respond(respondent: Respondent, answer: RsvpAnswer): Promise<InvitationView> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.findFor(manager, respondent);
      const event = await this.inventory.lockEvent(manager, found.eventId);
      const window = await this.invitations.lockWindow(manager, found.eventId);
      const invitation = (await this.invitations.lock(manager, found.id))!;
      if (
        invitation.status === InvitationStatus.Cancelled ||
        !window ||
        window.closed ||
        !isBookable(event)
      ) {
        throw new InvitationException(
          InvitationErrorCode.RsvpClosed,
          'Answers to this invitation are closed',
          {
            rsvpBy: window?.rsvpBy.toISOString() ?? null,
          },
        );
      }
      const yes = answer.response === 'yes';
      const plusOnes = yes ? (answer.plusOnes ?? 0) : 0;
      if (plusOnes > invitation.plusOnesAllowed) {
        throw new ValidationFailedException({
          plusOnes: [`at most ${invitation.plusOnesAllowed} plus-ones for this invitation`],
        });
      }
      const places = event.capacity !== null && yes ? 1 + plusOnes : 0;
      const more = places - invitation.places;
      if (more > 0) await this.inventory.sellPlaces(manager, event.eventId, more);
      if (more < 0) {
        await this.inventory.release(manager, {
          places: [{ eventId: event.eventId, quantity: -more }],
          seatsOfBookings: [],
        });
        await this.offers.offerFreed(manager, event.eventId);
      }
      const wasYes = invitation.status === InvitationStatus.Yes;
      await this.stats.add(manager, {
        eventId: event.eventId,
        tickets: more,
        rsvpYes: Number(yes) - Number(wasYes),
      });
      const updated = await this.invitations.recordAnswer(manager, invitation.id, {
        status: answer.response as InvitationStatus,
        plusOnes,
        comment: answer.comment ?? null,
        places,
      });
      await this.outbox.add(manager, RoutingKeys.InvitationResponded, {
        invitationId: updated.id,
        eventId: updated.eventId,
        organizerId: event.organizerId,
        email: updated.email,
        name: updated.name,
        response: answer.response,
        plusOnes,
        comment: updated.comment,
        answer: updated.answers,
      });
      if (!window.summarySentAt) {
        const counts = await this.invitations.counts(manager, event.eventId);
        if (counts.pending === 0) await this.sendSummary(manager, event, window, counts, 'all_answered');
      }
      return { invitation: updated, rsvpBy: window.rsvpBy };
    });
  }

  /** The event is cancelled: its invitations are cancelled, their places and the deadline job dropped. */
  async cancelForEvent(manager: EntityManager, eventId: string): Promise<void> {
    const window = await this.invitations.lockWindow(manager, eventId);
    if (!window) return;
    const { places, yes } = await this.invitations.cancelForEvent(manager, eventId);
    if (places > 0)
      await this.inventory.release(manager, { places: [{ eventId, quantity: places }], seatsOfBookings: [] });
    await this.stats.add(manager, { eventId, tickets: -places, rsvpYes: -yes });
    if (window.deadlineJobId) await this.scheduler.cancel(manager, RSVP_DEADLINE, window.deadlineJobId);
  }

  /** Invitations addressed to the caller's email, newest first, with their events. */
  async listMine(caller: AuthUser, limit: number, cursor?: string): Promise<Page<InvitationView>> {
    const page = await this.invitations.page({ email: caller.email.toLowerCase() }, limit, cursor);
    const eventIds = [...new Set(page.items.map((i) => i.eventId))];
    const events = new Map<string, InventoryEntity>();
    const windows = new Map<string, RsvpWindow>();
    for (const eventId of eventIds) {
      const event = await this.inventory.find(eventId);
      const window = await this.invitations.findWindow(eventId);
      if (event) events.set(eventId, event);
      if (window) windows.set(eventId, window);
    }
    return {
      items: page.items.map((invitation) => ({
        invitation,
        rsvpBy: windows.get(invitation.eventId)!.rsvpBy,
        event: events.get(invitation.eventId),
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** An event's invitations with their answers, for its organizer or an admin. */
  async listForEvent(
    caller: AuthUser,
    eventId: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<InvitationView>> {
    assertOrganizer(caller, await this.inventory.visibleEvent(caller, eventId));
    const window = await this.invitations.findWindow(eventId);
    const page = await this.invitations.page({ eventId }, limit, cursor);
    return {
      items: page.items.map((invitation) => ({ invitation, rsvpBy: window!.rsvpBy })),
      nextCursor: page.nextCursor,
    };
  }

  async summary(caller: AuthUser, eventId: string): Promise<RsvpSummaryView> {
    assertOrganizer(caller, await this.inventory.visibleEvent(caller, eventId));
    const window = await this.invitations.findWindow(eventId);
    const counts = await this.invitations.counts(this.dataSource.manager, eventId);
    return { eventId, ...counts, rsvpBy: window?.rsvpBy ?? null, closed: window?.closed ?? false };
  }

  /** An event's invitations by answer, cancelled ones left out (analytics). */
  countsOf(eventId: string): Promise<RsvpCounts> {
    return this.invitations.counts(this.dataSource.manager, eventId);
  }

  /** The deadline job: the summary goes out unless it already has (or the plan moved or was dropped). */
  private async closeAtDeadline(manager: EntityManager, eventId: string): Promise<void> {
    const event = await this.inventory.lockEvent(manager, eventId);
    const window = await this.invitations.lockWindow(manager, eventId);
    if (!window || window.summarySentAt || !window.closed) return;
    if (event.status === InventoryStatus.Cancelled) return;
    await this.sendSummary(
      manager,
      event,
      window,
      await this.invitations.counts(manager, eventId),
      'deadline',
    );
  }

  private async sendSummary(
    manager: EntityManager,
    event: InventoryEntity,
    window: RsvpWindow,
    counts: RsvpCounts,
    reason: 'deadline' | 'all_answered',
  ): Promise<void> {
    await this.invitations.markSummarySent(manager, event.eventId, reason);
    if (reason === 'all_answered' && window.deadlineJobId) {
      await this.scheduler.cancel(manager, RSVP_DEADLINE, window.deadlineJobId);
    }
    await this.outbox.add(manager, RoutingKeys.RsvpSummary, {
      eventId: event.eventId,
      organizerId: event.organizerId,
      ...counts,
      rsvpBy: window.rsvpBy.toISOString(),
      reason,
    });
  }

  /**
   * The event's RSVP window, created with `rsvpBy` (default: the event's start) or moved to it; its
   * deadline job is re-planned in this transaction. Closed once its summary went out.
   */
  private async planWindow(manager: EntityManager, event: InventoryEntity, rsvpBy: Date | undefined) {
    const window = await this.invitations.lockWindow(manager, event.eventId);
    if (window?.summarySentAt || window?.closed) {
      throw new InvitationException(InvitationErrorCode.RsvpClosed, 'Answers for this event are closed', {
        rsvpBy: window.rsvpBy.toISOString(),
      });
    }
    if (window && (!rsvpBy || rsvpBy.getTime() === window.rsvpBy.getTime())) return window;
    const deadline = rsvpBy ?? event.startsAt;
    if (window?.deadlineJobId) await this.scheduler.cancel(manager, RSVP_DEADLINE, window.deadlineJobId);
    const jobId = await this.scheduler.schedule(manager, RSVP_DEADLINE, { eventId: event.eventId }, deadline);
    await this.invitations.saveWindow(manager, event.eventId, deadline, jobId);
    return {
      eventId: event.eventId,
      rsvpBy: deadline,
      deadlineJobId: jobId,
      summarySentAt: null,
      closed: false,
    };
  }

  private async findFor(manager: EntityManager, respondent: Respondent): Promise<InvitationEntity> {
    const found =
      'token' in respondent
        ? await this.invitations.findByTokenHash(manager, hashOf(respondent.token))
        : await this.invitations.find(respondent.invitationId, manager);
    const mine = 'token' in respondent || found?.email === respondent.caller.email.toLowerCase();
    if (!found || !mine)
      throw new InvitationException(InvitationErrorCode.InvitationNotFound, 'No such invitation');
    return found;
  }
}

function assertOrganizer(caller: AuthUser, event: InventoryEntity): void {
  if (caller.role !== Role.Admin && event.organizerId !== caller.id) {
    throw new BookingException(BookingErrorCode.NotEventOrganizer, "Only the event's organizer or an admin");
  }
}
