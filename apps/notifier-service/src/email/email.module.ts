import { Module } from '@nestjs/common';
import { ContactModule } from '../contact/contact.module';
import { EmailDeliveryService } from './email-delivery.service';
import { EmailOutboxRepository } from './email-outbox.repository';
import { Mailer } from './mailer';

@Module({
  imports: [ContactModule],
  providers: [EmailOutboxRepository, EmailDeliveryService, Mailer],
  // Other modules enqueue email in their own transaction; delivery (with retries) stays in here.
  exports: [EmailOutboxRepository],
})
export class EmailModule {}
