import { RoutingKeys, UserRegisteredV1, UserUpdatedV1 } from '@evently/contracts';
import { MessageContext } from '@evently/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { PeopleRepository } from './people.repository';

/** user.* facts of user-service: the people replica follows them (names and emails, nothing else). */
@Controller()
export class UserFactsHandler {
  constructor(private readonly people: PeopleRepository) {}

  @EventPattern(RoutingKeys.UserRegistered)
  async onUserRegistered(@Payload() fact: UserRegisteredV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.people.upsert(ctx.manager, fact);
  }

  @EventPattern(RoutingKeys.UserUpdated)
  async onUserUpdated(@Payload() fact: UserUpdatedV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.people.upsert(ctx.manager, fact);
  }
}
