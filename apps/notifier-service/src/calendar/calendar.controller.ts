import { AuthUser, CurrentUser } from '@evently/auth';
import { Public } from '@evently/common';
import { Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CalendarFeedService } from './calendar-feed.service';
import { CalendarErrorCode, CalendarException } from './calendar.exception';
import { CalendarFeedDto, NewCalendarFeedDto } from './dto/calendar-feed.dto';

@ApiTags('calendar')
@Controller('calendar')
export class CalendarController {
  constructor(private readonly feeds: CalendarFeedService) {}

  /** Whether the caller has a private calendar feed. */
  @ApiBearerAuth()
  @Get('feed')
  @ApiOkResponse({ type: CalendarFeedDto })
  async state(@CurrentUser() caller: AuthUser): Promise<CalendarFeedDto> {
    return CalendarFeedDto.from(await this.feeds.state(caller.id));
  }

  /** A new private feed address for the caller (shown once); an earlier one stops working. */
  @ApiBearerAuth()
  @Post('feed')
  @ApiCreatedResponse({ type: NewCalendarFeedDto })
  async renew(@CurrentUser() caller: AuthUser): Promise<NewCalendarFeedDto> {
    const feed = await this.feeds.renew(caller.id);
    return { url: feed.url, createdAt: feed.createdAt.toISOString() };
  }

  /** Turns the caller's feed off: its address stops working. */
  @ApiBearerAuth()
  @Delete('feed')
  @HttpCode(204)
  @ApiNoContentResponse()
  async stop(@CurrentUser() caller: AuthUser): Promise<void> {
    await this.feeds.stop(caller.id);
  }

  /** The feed itself (`<secret>.ics`): the owner's upcoming bookings, for calendar apps to subscribe to. */
  @Public()
  @Get(':file')
  @ApiProduces('text/calendar')
  async file(@Param('file') file: string, @Res({ passthrough: true }) res: FastifyReply): Promise<string> {
    if (!file.endsWith('.ics')) {
      throw new CalendarException(CalendarErrorCode.CalendarFeedNotFound, 'No calendar feed at this address');
    }
    const body = await this.feeds.file(file.slice(0, -'.ics'.length));
    // Private to whoever holds the address; calendar apps poll, so a few minutes of caching is fine.
    res
      .header('Content-Type', 'text/calendar; charset=utf-8')
      .header('Cache-Control', 'private, max-age=300');
    return body;
  }
}
