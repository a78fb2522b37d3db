import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { JoinBatcher } from './join-batcher';
import { QueueAdmitter } from './queue-admitter';
import { QueueRepository } from './queue.repository';
import { QueueService } from './queue.service';
import { QueueWatch } from './queue-watch';

/** The on-sale queue: joining, ranking and admission, passes, and the waiting visitors' live status. */
@Module({
  imports: [InventoryModule],
  providers: [QueueRepository, JoinBatcher, QueueService, QueueAdmitter, QueueWatch],
  exports: [QueueService, QueueWatch],
})
export class QueueModule {}
