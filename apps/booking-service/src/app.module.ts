import { AuthModule } from '@evently/auth';
import { CommonModule, DatabaseModule } from '@evently/common';
import { MessagingModule } from '@evently/messaging';
import { SchedulerModule } from '@evently/scheduler';
import { Module } from '@nestjs/common';
import { AnalyticsController } from './analytics/analytics.controller';
import { AnalyticsModule } from './analytics/analytics.module';
import { BookingController } from './booking/booking.controller';
import { BookingEntity } from './booking/booking.entity';
import { BookingModule } from './booking/booking.module';
import { bookingServiceConfigSchema } from './config/booking-service.config';
import { EventFactsHandler } from './event-facts/event-facts.handler';
import { CheckinController } from './checkin/checkin.controller';
import { AttendeeController } from './attendee/attendee.controller';
import { AttendeeModule } from './attendee/attendee.module';
import { PeopleModule } from './people/people.module';
import { UserFactsHandler } from './people/user-facts.handler';
import { StaffController } from './staff/staff.controller';
import { StaffModule } from './staff/staff.module';
import { TicketController } from './ticket/ticket.controller';
import { InventoryController } from './inventory/inventory.controller';
import { InventoryEntity } from './inventory/inventory.entity';
import { InventoryModule } from './inventory/inventory.module';
import { InvitationController } from './invitation/invitation.controller';
import { InvitationEntity } from './invitation/invitation.entity';
import { InvitationModule } from './invitation/invitation.module';
import { bookingServiceMigrations } from './migrations';
import { OrderModule } from './order/order.module';
import { PaymentController } from './payment/payment.controller';
import { PaymentModule } from './payment/payment.module';
import { PromoCodeController } from './promo/promo-code.controller';
import { PromoModule } from './promo/promo.module';
import { TicketModule } from './ticket/ticket.module';
import { CheckinModule } from './checkin/checkin.module';
import { QueueModule } from './queue/queue.module';
import { QueueController } from './queue/queue.controller';
import { UseCasesModule } from './use-cases/use-cases.module';
import { WaitlistController } from './waitlist/waitlist.controller';
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
    WaitlistModule,
    InvitationModule,
    AnalyticsModule,
    PromoModule,
    TicketModule,
    CheckinModule,
    QueueModule,
    PeopleModule,
    StaffModule,
    AttendeeModule,
    PaymentModule,
    OrderModule,
    UseCasesModule,
  ],
  // The edges (HTTP controllers, the message handler) sit beside the wiring: they call concept services and
  // use-cases, and use-cases import the concept modules, so a concept module registering its controller
  // would import itself.
  controllers: [
    BookingController,
    WaitlistController,
    InvitationController,
    InventoryController,
    AnalyticsController,
    PromoCodeController,
    PaymentController,
    TicketController,
    CheckinController,
    QueueController,
    StaffController,
    AttendeeController,
    EventFactsHandler,
    UserFactsHandler,
  ],
})
export class AppModule {}
