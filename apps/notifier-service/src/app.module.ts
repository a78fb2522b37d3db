import { AuthModule } from '@evently/auth';
import { CommonModule, DatabaseModule } from '@evently/common';
import { MessagingModule } from '@evently/messaging';
import { Module } from '@nestjs/common';
import { notifierServiceConfigSchema } from './config/notifier-service.config';
import { EmailModule } from './email/email.module';
import { NotificationEntity } from './notification/notification.entity';
import { NotificationModule } from './notification/notification.module';
import { notifierServiceMigrations } from './migrations';

@Module({
  imports: [
    CommonModule.forRoot('notifier-service', notifierServiceConfigSchema),
    DatabaseModule.forRoot({ entities: [NotificationEntity], migrations: notifierServiceMigrations }),
    MessagingModule.forRoot(),
    AuthModule,
    NotificationModule,
    EmailModule,
  ],
})
export class AppModule {}
