import { Module } from '@nestjs/common';
import { ContactModule } from '../contact/contact.module';
import { NotificationModule } from '../notification/notification.module';
import { UserFactsHandler } from './user-facts.handler';
import { UserFactsService } from './user-facts.service';

@Module({
  imports: [ContactModule, NotificationModule],
  controllers: [UserFactsHandler],
  providers: [UserFactsService],
})
export class UserFactsModule {}
