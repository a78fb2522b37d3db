import { AuthUser, CurrentUser, Role, Roles } from '@evently/auth';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditEntryDto, AuditPageDto, AuditQueryDto } from './dto/audit.dto';
import { AuditRepository } from './audit.repository';

/** The audit log: admins read everything, organizers what was done to their events and things. */
@ApiTags('audit')
@ApiBearerAuth()
@Roles(Role.Organizer, Role.Admin)
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditRepository) {}

  @Get()
  @ApiOkResponse({ type: AuditPageDto })
  async page(@CurrentUser() caller: AuthUser, @Query() query: AuditQueryDto): Promise<AuditPageDto> {
    const after = query.after ?? 0;
    const items = await this.audit.page({
      organizerId: caller.role === Role.Admin ? null : caller.id,
      eventId: query.eventId,
      actorId: query.actorId,
      after,
      limit: query.limit ?? 100,
    });
    return { items: items.map((e) => AuditEntryDto.from(e)), nextAfter: items.at(-1)?.seq ?? after };
  }
}
