import 'reflect-metadata';
import { bootstrapService } from '@evently/common';
import { connectConsumer } from '@evently/messaging';
import { AppModule } from './app.module';

void bootstrapService({
  serviceName: 'event-service',
  description: 'Event catalogue: events, venues, seating plans and their lifecycle.',
  rootModule: AppModule,
  connectMessaging: connectConsumer,
});
