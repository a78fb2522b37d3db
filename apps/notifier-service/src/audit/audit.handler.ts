import { AuditRecordedV1, RoutingKeys } from '@evently/contracts';
import { MessageContext } from '@evently/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AuditRepository } from './audit.repository';

@Controller()
export class AuditHandler {
  constructor(private readonly audit: AuditRepository) {}

  /** What a person did, as the service that did it recorded it: appended once. */
  @EventPattern(RoutingKeys.AuditRecorded)
  async onRecorded(@Payload() fact: AuditRecordedV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.audit.append(ctx.manager, ctx.messageId, fact);
  }
}
