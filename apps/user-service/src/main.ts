import 'reflect-metadata';
import { bootstrapService } from '@evently/common';
import { connectConsumer } from '@evently/messaging';
import { AppModule } from './app.module';

void bootstrapService({
  serviceName: 'user-service',
  description: 'Accounts, credentials, refresh tokens and roles; the only issuer of access tokens.',
  rootModule: AppModule,
  connectMessaging: connectConsumer,
});
