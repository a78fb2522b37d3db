import { AuthUser, CurrentUser, Role, Roles } from '@evently/auth';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FeedEntryDto, FeedPageDto, FeedQueryDto } from './dto/feed.dto';
import { FeedRepository } from './feed.repository';

/** The organizer's feed: every change to their events, numbered; webhooks carry the same numbers. */
@ApiTags('feed')
@ApiBearerAuth()
@Roles(Role.Organizer, Role.Admin)
@Controller('organizer/feed')
export class FeedController {
  constructor(private readonly feed: FeedRepository) {}

  /** Entries after `after`, in order: a receiver that saw a gap in webhook numbers catches up here. */
  @Get()
  @ApiOkResponse({ type: FeedPageDto })
  async page(@CurrentUser() caller: AuthUser, @Query() query: FeedQueryDto): Promise<FeedPageDto> {
    const organizerId = caller.role === Role.Admin && query.organizerId ? query.organizerId : caller.id;
    const after = query.after ?? 0;
    const items = await this.feed.page(organizerId, after, query.limit ?? 100);
    return {
      items: items.map((e) => FeedEntryDto.from(e)),
      nextAfter: items.length > 0 ? items[items.length - 1].seq : after,
      lastSeq: await this.feed.lastSeq(organizerId),
    };
  }
}
