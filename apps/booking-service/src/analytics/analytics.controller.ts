import { AuthUser, CurrentUser } from '@evently/auth';
import { uuidParam } from '@evently/common';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  EventAnalyticsDto,
  MyAnalyticsDto,
  OverviewDto,
  PopularDto,
  PopularQueryDto,
  RangeQueryDto,
  TrendsDto,
  TrendsQueryDto,
  VenuesDto,
} from './dto/analytics.dto';
import { AnalyticsService } from './analytics.service';

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  /** Totals over the caller's events (an admin's: all); organizers and admins. */
  @Get('overview')
  @ApiOkResponse({ type: OverviewDto })
  overview(@CurrentUser() caller: AuthUser, @Query() query: RangeQueryDto): Promise<OverviewDto> {
    return this.analytics.overview(caller, query);
  }

  /** One event: places, cancellations, waiting list, RSVP and sales per UTC day; its organizer or an admin. */
  @Get('events/:eventId')
  @ApiOkResponse({ type: EventAnalyticsDto })
  event(
    @CurrentUser() caller: AuthUser,
    @Param('eventId', uuidParam()) eventId: string,
  ): Promise<EventAnalyticsDto> {
    return this.analytics.event(caller, eventId);
  }

  /** The caller's events by places sold. */
  @Get('popular')
  @ApiOkResponse({ type: PopularDto })
  popular(@CurrentUser() caller: AuthUser, @Query() query: PopularQueryDto): Promise<PopularDto> {
    return this.analytics.popular(caller, query.limit ?? 10);
  }

  /** Bookings, net places sold and cancellations per UTC day or week (default: the last 30 days). */
  @Get('trends')
  @ApiOkResponse({ type: TrendsDto })
  trends(@CurrentUser() caller: AuthUser, @Query() query: TrendsQueryDto): Promise<TrendsDto> {
    return this.analytics.trends(caller, query, query.interval ?? 'day');
  }

  /** Events, capacity and places sold per venue. */
  @Get('venues')
  @ApiOkResponse({ type: VenuesDto })
  venues(@CurrentUser() caller: AuthUser): Promise<VenuesDto> {
    return this.analytics.venues(caller);
  }

  /** The caller's own bookings; any signed-in user. */
  @Get('me')
  @ApiOkResponse({ type: MyAnalyticsDto })
  me(@CurrentUser() caller: AuthUser): Promise<MyAnalyticsDto> {
    return this.analytics.me(caller);
  }
}
