import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FeedModule } from '../feed/feed.module';
import { NotificationModule } from '../notification/notification.module';
import { WebhookDeliveryWorker } from './webhook-delivery.worker';
import { WebhookController } from './webhook.controller';
import { WebhookRepository } from './webhook.repository';
import { WebhookService } from './webhook.service';

/** Webhook subscriptions and their deliveries (sent by the worker, in feed order per subscription). */
@Module({
  imports: [FeedModule, NotificationModule, AuditModule],
  controllers: [WebhookController],
  providers: [WebhookRepository, WebhookService, WebhookDeliveryWorker],
  exports: [WebhookRepository],
})
export class WebhookModule {}
