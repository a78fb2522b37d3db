import { AuthModule } from '@evently/auth';
import { CommonModule, DatabaseModule } from '@evently/common';
import { MessagingModule } from '@evently/messaging';
import { SchedulerModule } from '@evently/scheduler';
import { Module } from '@nestjs/common';
import { AnalyticsModule } from './analytics/analytics.module';
import { BookingEntity } from './booking/booking.entity';
import { BookingModule } from './booking/booking.module';
import { bookingServiceConfigSchema } from './config/booking-service.config';
import { InventoryEntity } from './inventory/inventory.entity';
import { EventFactsModule } from './event-facts/event-facts.module';
import { InventoryModule } from './inventory/inventory.module';
import { InvitationEntity } from './invitation/invitation.entity';
import { InvitationModule } from './invitation/invitation.module';
import { bookingServiceMigrations } from './migrations';
import { WaitlistEntryEntity } from './waitlist/waitlist.entity';
import { WaitlistModule } from './waitlist/waitlist.module';

@Module({
  imports: [
    CommonModule.forRoot('booking-service', bookingServiceConfigSchema),
    DatabaseModule.forRoot({
      entities: [InventoryEntity, BookingEntity, WaitlistEntryEntity, InvitationEntity],
      migrations: bookingServiceMigrations,
    }),
    MessagingModule.forRoot(),
    SchedulerModule,
    AuthModule,
    InventoryModule,
    BookingModule,
    EventFactsModule,
    WaitlistModule,
    InvitationModule,
    AnalyticsModule,
  ],
})
export class AppModule {}
