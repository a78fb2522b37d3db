import { RoutingKeys, UserRegisteredV1, UserUpdatedV1 } from '@evently/contracts';
import { MessageContext } from '@evently/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { UserFactsService } from './user-facts.service';

@Controller()
export class UserFactsHandler {
  constructor(private readonly users: UserFactsService) {}

  @EventPattern(RoutingKeys.UserRegistered)
  async onUserRegistered(@Payload() fact: UserRegisteredV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.users.registered(ctx.manager, fact);
  }

  @EventPattern(RoutingKeys.UserUpdated)
  async onUserUpdated(@Payload() fact: UserUpdatedV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.users.updated(ctx.manager, fact);
  }
}
