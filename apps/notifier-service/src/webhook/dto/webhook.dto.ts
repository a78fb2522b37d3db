import { Clearable, IsUuid, Omittable, PatchOf } from '@evently/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { FEED_TYPES } from '../../feed/feed.rules';
import type { SendResult } from '../webhook-sender';
import type { Delivery, Subscription } from '../webhook.repository';

const EVENT_CHOICES = ['*', ...FEED_TYPES];

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://crm.example.com/evently', description: 'https (http only where allowed)' })
  @IsString()
  @MaxLength(2000)
  url!: string;

  @ApiProperty({
    enum: EVENT_CHOICES,
    isArray: true,
    example: ['booking.confirmed'],
    description: '["*"]: all',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(FEED_TYPES.length + 1)
  @IsIn(EVENT_CHOICES, { each: true })
  events!: string[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Only this event (default: all of yours)',
  })
  @Clearable()
  @IsUuid()
  eventId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Clearable()
  @IsString()
  @MaxLength(200)
  description?: string | null;
}

export class UpdateWebhookDto extends PatchOf(CreateWebhookDto) {
  @ApiPropertyOptional({
    description: 'false disables it (nothing is queued while disabled); true enables it',
  })
  @Omittable()
  @IsBoolean()
  enabled?: boolean;
}

export class WebhookDto {
  @ApiProperty() id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: [String] }) events!: string[];
  @ApiProperty({ type: String, nullable: true }) eventId!: string | null;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ enum: ['active', 'disabled'] }) status!: 'active' | 'disabled';
  @ApiProperty({ type: String, nullable: true }) disabledReason!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Until then the previous secret signs too' })
  previousSecretValidUntil!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;

  static from(s: Subscription): WebhookDto {
    return {
      id: s.id,
      url: s.url,
      events: s.types,
      eventId: s.eventId,
      description: s.description,
      status: s.status,
      disabledReason: s.disabledReason,
      previousSecretValidUntil:
        s.previousSecretUntil && s.previousSecretUntil > new Date()
          ? s.previousSecretUntil.toISOString()
          : null,
      createdAt: s.createdAt.toISOString(),
      updatedAt: s.updatedAt.toISOString(),
    };
  }
}

/** A subscription with its signing secret: answered once, when it is made or rotated. */
export class WebhookWithSecretDto extends WebhookDto {
  @ApiProperty({ description: 'whsec_…: verify signatures with it (Standard Webhooks); shown only now' })
  secret!: string;

  static withSecret(s: Subscription): WebhookWithSecretDto {
    return { ...WebhookDto.from(s), secret: s.secret };
  }
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookDto] }) items!: WebhookDto[];
}

export class DeliveryDto {
  @ApiProperty({ description: 'Also the webhook-id header, the same on every attempt' }) id!: string;
  @ApiProperty({ description: 'The feed number it carries' }) seq!: number;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: String, nullable: true }) nextAttemptAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastAttemptAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) responseStatus!: number | null;
  @ApiProperty({ type: Number, nullable: true }) responseMs!: number | null;
  @ApiProperty({ type: String, nullable: true, description: "The start of the receiver's answer" })
  responseExcerpt!: string | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty({ type: String, nullable: true }) deliveredAt!: string | null;
  @ApiProperty() createdAt!: string;

  static from(d: Delivery): DeliveryDto {
    return {
      id: d.id,
      seq: d.seq,
      status: d.status,
      attempts: d.attempts,
      nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
      lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
      responseStatus: d.responseStatus,
      responseMs: d.responseMs,
      responseExcerpt: d.responseExcerpt,
      error: d.error,
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
      createdAt: d.createdAt.toISOString(),
    };
  }
}

export class DeliveryListDto {
  @ApiProperty({ type: [DeliveryDto] }) items!: DeliveryDto[];
  @ApiProperty({ type: Number, nullable: true, description: 'beforeSeq of the next (older) page' })
  nextBeforeSeq!: number | null;
}

export class ListDeliveriesQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'Deliveries of feed numbers below this (paging back)' })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  beforeSeq?: number;

  @ApiPropertyOptional({ enum: ['pending', 'delivered', 'failed'] })
  @Omittable()
  @IsIn(['pending', 'delivered', 'failed'])
  status?: 'pending' | 'delivered' | 'failed';
}

export class ReplayDto {
  @ApiProperty({ description: 'Everything after this feed number is sent again (0: everything)' })
  @IsInt()
  @Min(0)
  after!: number;
}

export class ReplayResultDto {
  @ApiProperty({ description: 'Deliveries queued' }) queued!: number;
}

export class TestResultDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ type: Number, nullable: true }) status!: number | null;
  @ApiProperty() ms!: number;
  @ApiProperty({ type: String, nullable: true }) excerpt!: string | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;

  static from(r: SendResult): TestResultDto {
    return { ok: r.ok, status: r.status, ms: r.ms, excerpt: r.excerpt, error: r.error };
  }
}
