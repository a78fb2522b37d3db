import { ApiProperty } from '@nestjs/swagger';
import { FeedState } from '../calendar-feed.service';

export class CalendarFeedDto {
  @ApiProperty({ description: 'Whether the person has a feed address (it is shown only when made)' })
  active!: boolean;
  @ApiProperty({ type: String, nullable: true }) createdAt!: string | null;

  static from(state: FeedState): CalendarFeedDto {
    return { active: state.active, createdAt: state.createdAt?.toISOString() ?? null };
  }
}

export class NewCalendarFeedDto {
  @ApiProperty({
    description: 'The private address to subscribe to; shown this once. Anyone holding it reads the feed.',
    example: 'https://evently.example/api/v1/calendar/3q2-7wE....ics',
  })
  url!: string;
  @ApiProperty() createdAt!: string;
}
