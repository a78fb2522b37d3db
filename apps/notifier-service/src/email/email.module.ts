import { Module } from '@nestjs/common';
import { ContactModule } from '../contact/contact.module';
import { EmailDeliveryService } from './email-delivery.service';
import { EmailOutbox } from './email-outbox';
import { EmailOutboxRepository } from './email-outbox.repository';
import { Mailer } from './mailer';

@Module({
  imports: [ContactModule],
  providers: [EmailOutbox, EmailOutboxRepository, EmailDeliveryService, Mailer],
  exports: [EmailOutbox],
})
export class EmailModule {}
