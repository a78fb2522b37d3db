import { AuthModule } from '@evently/auth';
import { CommonModule, DatabaseModule } from '@evently/common';
import { MessagingModule } from '@evently/messaging';
import { Module } from '@nestjs/common';
import { eventServiceConfigSchema } from './config/event-service.config';
import { eventServiceMigrations } from './migrations';

@Module({
  imports: [
    CommonModule.forRoot('event-service', eventServiceConfigSchema),
    DatabaseModule.forRoot({ entities: [], migrations: eventServiceMigrations }),
    MessagingModule.forRoot(),
    AuthModule,
  ],
})
export class AppModule {}
