import { EventSnapshotV1, EventUpdatedV1, RoutingKeys } from '@evently/contracts';
import { MessageContext } from '@evently/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { InventoryService } from './inventory.service';

/** Keeps the inventory replica in step with event-service (event.cancelled is the booking handler's). */
@Controller()
export class InventoryHandler {
  constructor(private readonly inventory: InventoryService) {}

  @EventPattern(RoutingKeys.EventPublished)
  async onEventPublished(@Payload() snapshot: EventSnapshotV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.inventory.applySnapshot(ctx.manager, snapshot);
  }

  @EventPattern(RoutingKeys.EventUpdated)
  async onEventUpdated(@Payload() fact: EventUpdatedV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.inventory.applySnapshot(ctx.manager, fact.snapshot);
  }
}
