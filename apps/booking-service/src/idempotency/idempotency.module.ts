import { Module } from '@nestjs/common';
import { InstanceModule } from '../instance/instance.module';
import { IdempotencyRepository } from './idempotency.repository';
import { IdempotencyService } from './idempotency.service';
import { UndoWhenBack } from './undo-when-back';

@Module({
  imports: [InstanceModule],
  providers: [IdempotencyService, IdempotencyRepository, UndoWhenBack],
  exports: [IdempotencyService, UndoWhenBack],
})
export class IdempotencyModule {}
