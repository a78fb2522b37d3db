import { UserRegisteredV1, UserUpdatedV1 } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ContactRepository } from '../contact/contact.repository';
import { NotificationService } from '../notification/notification.service';
import { NotificationType, welcomeMessage } from '../notification/templates';

/** What user.* facts change here: the contact replica, and a welcome for a new account. */
@Injectable()
export class UserFactsService {
  constructor(
    private readonly contacts: ContactRepository,
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
  }

  updated(manager: EntityManager, user: UserUpdatedV1): Promise<void> {
    return this.contacts.upsert(manager, user);
  }
}
