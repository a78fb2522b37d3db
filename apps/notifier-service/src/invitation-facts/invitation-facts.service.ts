import { InjectConfig } from '@evently/common';
import { InvitationRespondedV1, InvitationSentV1, RsvpSummaryV1 } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AttendanceRepository } from '../attendance/attendance.repository';
import type { NotifierServiceConfig } from '../config/notifier-service.config';
import { ContactRepository } from '../contact/contact.repository';
import { EmailOutboxRepository } from '../email/email-outbox.repository';
import { EventReplica } from '../event-replica/event-replica.service';
import { NotificationService } from '../notification/notification.service';
import {
  emailOf,
  invitationMessage,
  NotificationType,
  rsvpReceivedMessage,
  rsvpSummaryMessage,
} from '../notification/templates';

/** What invitation.* and rsvp.* facts cause: the guest's invitation, and the host's answers and summary. */
@Injectable()
export class InvitationFactsService {
  constructor(
    private readonly attendances: AttendanceRepository,
    private readonly contacts: ContactRepository,
    private readonly events: EventReplica,
    private readonly notifications: NotificationService,
    private readonly emails: EmailOutboxRepository,
    @InjectConfig() private readonly config: NotifierServiceConfig,
  ) {}

  /**
   * The guest's email with the RSVP link; with an account, also the in-app `invitation` (one notice, email
   * included). A guest who registers later gets the in-app one then (UserFactsService).
   */
  async sent(manager: EntityManager, fact: InvitationSentV1): Promise<void> {
    const userId = await this.contacts.userWithEmail(manager, fact.email);
    await this.attendances.recordInvitee(manager, {
      invitationId: fact.invitationId,
      eventId: fact.eventId,
      email: fact.email,
      userId,
      name: fact.name,
      message: fact.message,
      rsvpBy: fact.rsvpBy,
      plusOnesAllowed: fact.plusOnesAllowed,
    });
    const event = await this.events.factsOf(manager, fact.eventId);
    const details = {
      guestName: fact.name,
      message: fact.message,
      rsvpBy: new Date(fact.rsvpBy),
      plusOnesAllowed: fact.plusOnesAllowed,
      link: `${this.config.PUBLIC_URL}/rsvp/${fact.token}`,
    };
    const cause = `invitation:${fact.invitationId}`;
    if (!userId) {
      await this.emails.enqueueToAddress(
        manager,
        cause,
        fact.email,
        emailOf(invitationMessage(event, details), true),
      );
      return;
    }
    await this.notifications.notify(manager, [userId], {
      type: NotificationType.Invitation,
      cause,
      message: invitationMessage(event, details),
      // The email carries the link; the inbox entry does not carry the token.
      inAppMessage: invitationMessage(event, { ...details, link: undefined }),
      data: invitationData(fact),
    });
  }

  /** Each answer is an in-app `rsvp_received` for the host, live on the stream. */
  async responded(manager: EntityManager, fact: InvitationRespondedV1): Promise<void> {
    if (!(await this.attendances.recordAnswer(manager, fact))) {
      throw new Error(`invitation ${fact.invitationId} not known yet (its invitation.sent has not arrived)`);
    }
    const event = await this.events.factsOf(manager, fact.eventId);
    await this.notifications.notify(manager, [fact.organizerId], {
      type: NotificationType.RsvpReceived,
      cause: `rsvp-received:${fact.invitationId}:${fact.answer}`,
      message: rsvpReceivedMessage(
        event,
        fact.name ?? fact.email,
        fact.response,
        fact.plusOnes,
        fact.comment,
      ),
      data: {
        invitationId: fact.invitationId,
        eventId: fact.eventId,
        email: fact.email,
        name: fact.name,
        response: fact.response,
        plusOnes: fact.plusOnes,
        comment: fact.comment,
        answer: fact.answer,
      },
      emailed: false,
    });
  }

  /** The host's one summary (email and in-app); its cause makes it once whatever the redeliveries. */
  async summary(manager: EntityManager, fact: RsvpSummaryV1): Promise<void> {
    const event = await this.events.factsOf(manager, fact.eventId);
    await this.notifications.notify(manager, [fact.organizerId], {
      type: NotificationType.RsvpSummary,
      cause: `rsvp-summary:${fact.eventId}`,
      message: rsvpSummaryMessage(event, fact, fact.reason === 'all_answered'),
      data: { ...fact },
    });
  }
}

export const invitationData = (fact: { invitationId: string; eventId: string; rsvpBy: string }) => ({
  invitationId: fact.invitationId,
  eventId: fact.eventId,
  rsvpBy: fact.rsvpBy,
});
