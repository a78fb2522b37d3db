import { Module } from '@nestjs/common';
import { InstanceHeartbeat } from './instance-heartbeat';
import { InstanceRepository } from './instance.repository';

/** Which booking-service instances are alive: what a dead one held in flight is taken over at once. */
@Module({
  providers: [InstanceHeartbeat, InstanceRepository],
  exports: [InstanceHeartbeat],
})
export class InstanceModule {}
