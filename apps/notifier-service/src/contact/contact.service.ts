import { UserRegisteredV1 } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ContactRepository } from './contact.repository';

/** Who to write to: the replica of user-service's users (email and name), fed by user.* facts. */
@Injectable()
export class ContactService {
  constructor(private readonly contacts: ContactRepository) {}

  record(manager: EntityManager, user: UserRegisteredV1): Promise<void> {
    return this.contacts.upsert(manager, user);
  }

  emailsOf(userIds: string[]): Promise<Map<string, string>> {
    return this.contacts.emailsOf(userIds);
  }
}
