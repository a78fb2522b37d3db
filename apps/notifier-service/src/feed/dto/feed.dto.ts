import { IsUuid, Omittable } from '@evently/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { FEED_TYPES, FeedEntry } from '../feed.rules';

export class FeedQueryDto {
  @ApiPropertyOptional({ default: 0, description: 'Entries numbered after this (0: from the start)' })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: "Admins: whose feed (default: the caller's)" })
  @Omittable()
  @IsUuid()
  organizerId?: string;
}

export class FeedEntryDto {
  @ApiProperty({ description: 'Numbered per organizer from 1, no gaps, never reused' }) seq!: number;
  @ApiProperty({ enum: FEED_TYPES }) type!: string;
  @ApiProperty({ type: String, nullable: true }) eventId!: string | null;
  @ApiProperty({ description: 'When it happened' }) occurredAt!: string;
  @ApiProperty({ description: 'When the feed took it' }) recordedAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What a receiver needs' })
  data!: Record<string, unknown>;

  static from(e: FeedEntry): FeedEntryDto {
    return {
      seq: e.seq,
      type: e.type,
      eventId: e.eventId,
      occurredAt: e.occurredAt.toISOString(),
      recordedAt: e.recordedAt.toISOString(),
      data: e.data,
    };
  }
}

export class FeedPageDto {
  @ApiProperty({ type: [FeedEntryDto] }) items!: FeedEntryDto[];
  @ApiProperty({ description: 'Pass as `after` for the next page (the last number read)' })
  nextAfter!: number;
  @ApiProperty({ description: 'The last number given so far' }) lastSeq!: number;
}
