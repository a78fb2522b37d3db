import { Module } from '@nestjs/common';
import { ContactModule } from '../contact/contact.module';
import { EventReplicaModule } from '../event-replica/event-replica.module';
import { FeedModule } from '../feed/feed.module';
import { WebhookModule } from '../webhook/webhook.module';
import { OrganizerChanges } from './organizer-changes';

/** What the fact handlers call to put a change on its organizer's feed (and its webhooks). */
@Module({
  imports: [FeedModule, WebhookModule, EventReplicaModule, ContactModule],
  providers: [OrganizerChanges],
  exports: [OrganizerChanges],
})
export class ChangesModule {}
