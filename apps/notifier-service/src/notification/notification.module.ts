import { Module } from '@nestjs/common';
import { EmailModule } from '../email/email.module';
import { NotificationController } from './notification.controller';
import { NotificationRepository } from './notification.repository';
import { NotificationService } from './notification.service';
import { NotificationStream } from './notification-stream';

@Module({
  imports: [EmailModule],
  controllers: [NotificationController],
  providers: [NotificationService, NotificationRepository, NotificationStream],
  exports: [NotificationService],
})
export class NotificationModule {}
