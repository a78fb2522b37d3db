import { AuthModule } from '@evently/auth';
import { CommonModule, DatabaseModule } from '@evently/common';
import { MessagingModule } from '@evently/messaging';
import { SchedulerModule } from '@evently/scheduler';
import { Module } from '@nestjs/common';
import { BookingFactsModule } from './booking-facts/booking-facts.module';
import { CalendarModule } from './calendar/calendar.module';
import { notifierServiceConfigSchema } from './config/notifier-service.config';
import { EventFactsModule } from './event-facts/event-facts.module';
import { AuditModule } from './audit/audit.module';
import { FeedModule } from './feed/feed.module';
import { WebhookModule } from './webhook/webhook.module';
import { FanoutModule } from './fanout/fanout.module';
import { NotificationEntity } from './notification/notification.entity';
import { NotificationModule } from './notification/notification.module';
import { notifierServiceMigrations } from './migrations';
import { InvitationFactsModule } from './invitation-facts/invitation-facts.module';
import { UserFactsModule } from './user-facts/user-facts.module';
import { WaitlistFactsModule } from './waitlist-facts/waitlist-facts.module';

/**
 * Tables have one owner each (contact, event, attendance, notification, fanout, email); the *-facts modules
 * react to each family of facts by calling those owners.
 */
@Module({
  imports: [
    CommonModule.forRoot('notifier-service', notifierServiceConfigSchema),
    DatabaseModule.forRoot({ entities: [NotificationEntity], migrations: notifierServiceMigrations }),
    MessagingModule.forRoot(),
    SchedulerModule,
    AuthModule,
    NotificationModule,
    FanoutModule,
    CalendarModule,
    UserFactsModule,
    EventFactsModule,
    BookingFactsModule,
    WaitlistFactsModule,
    InvitationFactsModule,
    FeedModule,
    WebhookModule,
    AuditModule,
  ],
})
export class AppModule {}
