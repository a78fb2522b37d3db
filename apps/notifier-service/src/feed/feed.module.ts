import { Module } from '@nestjs/common';
import { FeedController } from './feed.controller';
import { FeedRepository } from './feed.repository';

/** The organizer feed: numbered entries, read by organizers and by the webhook deliveries. */
@Module({
  controllers: [FeedController],
  providers: [FeedRepository],
  exports: [FeedRepository],
})
export class FeedModule {}
