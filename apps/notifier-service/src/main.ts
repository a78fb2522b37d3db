import 'reflect-metadata';
import { bootstrapService } from '@evently/common';
import { connectConsumer } from '@evently/messaging';
import { AppModule } from './app.module';

void bootstrapService({
  serviceName: 'notifier-service',
  description: 'Email and in-app notifications to users and attendees.',
  rootModule: AppModule,
  connectMessaging: connectConsumer,
});
