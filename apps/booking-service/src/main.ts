import 'reflect-metadata';
import { bootstrapService } from '@evently/common';
import { connectConsumer } from '@evently/messaging';
import { AppModule } from './app.module';

void bootstrapService({
  serviceName: 'booking-service',
  description:
    'Inventory of published events, general-admission and seat bookings, idempotent, never oversold.',
  rootModule: AppModule,
  connectMessaging: connectConsumer,
});
