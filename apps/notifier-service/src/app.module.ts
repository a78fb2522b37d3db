import { AuthModule } from '@evently/auth';
import { CommonModule, DatabaseModule } from '@evently/common';
import { MessagingModule } from '@evently/messaging';
import { Module } from '@nestjs/common';
import { notifierServiceConfigSchema } from './config/notifier-service.config';
import { notifierServiceMigrations } from './migrations';

@Module({
  imports: [
    CommonModule.forRoot('notifier-service', notifierServiceConfigSchema),
    DatabaseModule.forRoot({ entities: [], migrations: notifierServiceMigrations }),
    MessagingModule.forRoot(),
    AuthModule,
  ],
})
export class AppModule {}
