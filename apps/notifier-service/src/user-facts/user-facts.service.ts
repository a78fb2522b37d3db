import { UserRegisteredV1, UserUpdatedV1 } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AttendanceRepository } from '../attendance/attendance.repository';
import { ContactRepository } from '../contact/contact.repository';
import { EventReplica } from '../event-replica/event-replica.service';
import { NotificationService } from '../notification/notification.service';
import { invitationMessage, NotificationType, welcomeMessage } from '../notification/templates';

/**
 * What user.* facts change here: the contact replica, a welcome for a new account, and the invitations
 * its address already had.
 */
@Injectable()
export class UserFactsService {
  constructor(
    private readonly contacts: ContactRepository,
    private readonly attendances: AttendanceRepository,
    private readonly events: EventReplica,
    private readonly notifications: NotificationService,
  ) {}

  async registered(manager: EntityManager, user: UserRegisteredV1): Promise<void> {
    await this.contacts.upsert(manager, user);
    await this.notifications.notify(manager, [user.userId], {
      type: NotificationType.Welcome,
      cause: 'welcome',
      message: welcomeMessage(user.fullName),
      data: {},
    });
    // Invitations sent to the address before the account existed: in the inbox now (the email went then).
    for (const invitee of await this.attendances.linkInvitees(manager, user.email, user.userId)) {
      const event = await this.events.factsOf(manager, invitee.eventId);
      await this.notifications.notify(manager, [user.userId], {
        type: NotificationType.Invitation,
        cause: `invitation:${invitee.invitationId}`,
        message: invitationMessage(event, {
          guestName: invitee.name,
          message: invitee.message,
          rsvpBy: new Date(invitee.rsvpBy),
          plusOnesAllowed: invitee.plusOnesAllowed,
        }),
        data: { invitationId: invitee.invitationId, eventId: invitee.eventId, rsvpBy: invitee.rsvpBy },
        emailed: false,
      });
    }
  }

  updated(manager: EntityManager, user: UserUpdatedV1): Promise<void> {
    return this.contacts.upsert(manager, user);
  }
}
