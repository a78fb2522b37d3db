import { AuthUser } from '@evently/auth';
import { Page, ValidationFailedException } from '@evently/common';
import { RoutingKeys } from '@evently/contracts';
import { OutboxService } from '@evently/messaging';
import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { BookingErrorCode, BookingException, notEventOrganizer } from '../errors';
import { InventoryEntity } from '../inventory/inventory.entity';
import { canOrganize, isBookable } from '../inventory/inventory.rules';
import { InventoryService } from '../inventory/inventory.service';
import { InvitationEntity, InvitationStatus, RsvpCounts, RsvpWindow } from './invitation.entity';
import { InvitationErrorCode, InvitationException } from './invitation.exception';
import { InvitationRepository } from './invitation.repository';
import { distinctGuests, RsvpAnswer, RsvpDecision } from './invitation.rules';
import { RsvpWindows } from './rsvp-window.service';

export interface InvitationRequest {
  eventId: string;
  guests: { email: string; name?: string }[];
  message?: string;
  rsvpBy?: string;
  plusOnesAllowed?: number;
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
export class InvitationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly invitations: InvitationRepository,
    private readonly inventory: InventoryService,
    private readonly windows: RsvpWindows,
    private readonly outbox: OutboxService,
  ) {}

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
      const window = await this.windows.plan(manager, event, rsvpBy);

      const { fresh: guests, repeated } = distinctGuests(request.guests);
      const skipped = [...repeated];
      const fresh = guests.map((g) => ({
        id: randomUUID(),
        email: g.email,
        name: g.name ?? null,
        token: randomBytes(32).toString('base64url'),
      }));
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
      const tokens = new Map<string, string>(fresh.map((g) => [g.id, g.token]));
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

  /**
   * The invitation being answered, locked after the event's row (which the caller has locked) and the
   * event's RSVP window: an answer and the deadline job never cross.
   */
  async lockForAnswer(manager: EntityManager, found: InvitationEntity) {
    const window = await this.invitations.lockWindow(manager, found.eventId);
    const invitation = (await this.invitations.lock(manager, found.id))!;
    return { invitation, window };
  }

  /**
   * Stores an answer the rules allowed, with its invitation.responded fact; when it was the last one
   * pending, the host's summary goes out now.
   */
  async recordAnswer(
    manager: EntityManager,
    event: InventoryEntity,
    window: RsvpWindow,
    invitation: InvitationEntity,
    answer: RsvpAnswer,
    decision: RsvpDecision,
  ): Promise<InvitationView> {
    const updated = await this.invitations.recordAnswer(manager, invitation.id, {
      status: answer.response as InvitationStatus,
      plusOnes: decision.plusOnes,
      comment: answer.comment ?? null,
      places: decision.places,
    });
    await this.outbox.add(manager, RoutingKeys.InvitationResponded, {
      invitationId: updated.id,
      eventId: updated.eventId,
      organizerId: event.organizerId,
      email: updated.email,
      name: updated.name,
      response: answer.response,
      plusOnes: decision.plusOnes,
      comment: updated.comment,
      answer: updated.answers,
    });
    if (!window.summarySentAt) {
      const counts = await this.invitations.counts(manager, event.eventId);
      if (counts.pending === 0)
        await this.windows.sendSummary(manager, event, window, counts, 'all_answered');
    }
    return { invitation: updated, rsvpBy: window.rsvpBy };
  }

  /**
   * The event is cancelled: its invitations are cancelled and the deadline job dropped. Returns the places
   * the yes answers held, and how many yes answers there were (the caller gives the places back).
   */
  async cancelForEvent(manager: EntityManager, eventId: string): Promise<{ places: number; yes: number }> {
    const window = await this.invitations.lockWindow(manager, eventId);
    if (!window) return { places: 0, yes: 0 };
    const cancelled = await this.invitations.cancelForEvent(manager, eventId);
    await this.windows.dropDeadline(manager, window);
    return cancelled;
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

  /** The invitation a respondent answers (looked up before anything is locked: its event is locked first). */
  async findFor(manager: EntityManager, respondent: Respondent): Promise<InvitationEntity> {
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
  if (!canOrganize(caller, event)) throw notEventOrganizer();
}
