import 'reflect-metadata';
import { bootstrapService } from '@evently/common';
import { connectConsumer } from '@evently/messaging';
import { AppModule } from './app.module';

void bootstrapService({
  serviceName: 'booking-service',
  description: 'Inventory, seat and general-admission bookings, waitlists, invitations and analytics.',
  rootModule: AppModule,
  connectMessaging: connectConsumer,
});
