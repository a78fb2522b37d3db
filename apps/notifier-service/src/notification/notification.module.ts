import { Module } from '@nestjs/common';
import { FanoutWorker } from './fanout.worker';
import { NotificationController } from './notification.controller';
import { NotificationHandler } from './notification.handler';
import { NotificationService } from './notification.service';
import { NotificationStream } from './notification-stream';

@Module({
  controllers: [NotificationController, NotificationHandler],
  providers: [NotificationService, NotificationStream, FanoutWorker],
})
export class NotificationModule {}
