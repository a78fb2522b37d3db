import { RoutingKeys, UserSessionsRevokedV1 } from '@evently/contracts';
import { MessageContext } from '@evently/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { RevokedSessionsRepository } from './revoked-sessions.repository';

/** Every service keeps the revocations user-service announces; RevokedSessionsLoop reads them into memory. */
@Controller()
export class RevokedSessionsHandler {
  constructor(private readonly revocations: RevokedSessionsRepository) {}

  @EventPattern(RoutingKeys.UserSessionsRevoked)
  async onSessionsRevoked(@Payload() fact: UserSessionsRevokedV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.revocations.record(ctx.manager, {
      userId: fact.userId,
      tokenVersion: fact.tokenVersion,
      sessionId: fact.sessionId,
      expiresAt: new Date(fact.expiresAt),
    });
  }
}
