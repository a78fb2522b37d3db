import {
  IsDateTimeWithOffset,
  IsEmailAddress,
  MultiLine,
  IsUuid,
  Omittable,
  PaginationQueryDto,
  trimString,
} from '@evently/common';
import { RSVP_RESPONSES, RsvpResponse } from '@evently/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { InvitationStatus } from '../invitation.entity';
import type { InvitationView, RsvpSummaryView } from '../invitation.service';

export class GuestDto {
  @ApiProperty({ example: 'guest@example.com', description: 'Case does not matter' })
  @IsEmailAddress()
  email!: string;

  @ApiPropertyOptional()
  @Omittable()
  @Transform(trimString)
  @IsString()
  @Length(1, 200)
  name?: string;
}

export class CreateInvitationsDto {
  @ApiProperty()
  @IsUuid()
  eventId!: string;

  @ApiProperty({ type: [GuestDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => GuestDto)
  guests!: GuestDto[];

  @ApiPropertyOptional({ description: 'A note from the host, in every invitation email' })
  @Omittable()
  @IsString()
  @Length(1, 2000)
  @MultiLine()
  message?: string;

  @ApiPropertyOptional({
    description: "Answers close then (default: the event's start); moves the event's deadline",
  })
  @Omittable()
  @IsDateTimeWithOffset()
  rsvpBy?: string;

  @ApiPropertyOptional({ default: 0 })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(5)
  plusOnesAllowed?: number;
}

export class RsvpDto {
  @ApiProperty({ enum: RSVP_RESPONSES })
  @IsIn(RSVP_RESPONSES)
  response!: RsvpResponse;

  @ApiPropertyOptional({ description: 'With "yes": guests brought along, up to the invitation\'s allowance' })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(5)
  plusOnes?: number;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(500)
  @MultiLine()
  comment?: string;
}

export class TokenRsvpDto extends RsvpDto {
  @ApiProperty({ description: 'The token of the emailed RSVP link' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{32,200}$/, { message: 'token must be the one from the RSVP link' })
  token!: string;
}

export class ListInvitationsQueryDto extends PaginationQueryDto {}

export class InvitationVenueDto {
  @ApiProperty() name!: string;
  @ApiProperty() city!: string;
  @ApiProperty({ type: String, nullable: true }) address!: string | null;
}

export class InvitationEventDto {
  @ApiProperty() title!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty({ example: 'Europe/Lisbon' }) timeZone!: string;
  @ApiProperty({ type: InvitationVenueDto }) venue!: InvitationVenueDto;
}

export class InvitationDto {
  @ApiProperty() id!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ enum: InvitationStatus }) status!: InvitationStatus;
  @ApiProperty() plusOnes!: number;
  @ApiProperty() plusOnesAllowed!: number;
  @ApiProperty({ type: String, nullable: true }) comment!: string | null;
  @ApiProperty({ type: String, nullable: true }) message!: string | null;
  @ApiProperty() rsvpBy!: string;
  @ApiProperty({ type: String, nullable: true }) respondedAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ type: InvitationEventDto, description: "In the invitee's own list" })
  event?: InvitationEventDto;

  static from({ invitation, rsvpBy, event }: InvitationView): InvitationDto {
    return {
      id: invitation.id,
      eventId: invitation.eventId,
      email: invitation.email,
      name: invitation.name,
      status: invitation.status,
      plusOnes: invitation.plusOnes,
      plusOnesAllowed: invitation.plusOnesAllowed,
      comment: invitation.comment,
      message: invitation.message,
      rsvpBy: rsvpBy.toISOString(),
      respondedAt: invitation.respondedAt?.toISOString() ?? null,
      createdAt: invitation.createdAt.toISOString(),
      ...(event
        ? {
            event: {
              title: event.title,
              startsAt: event.startsAt.toISOString(),
              timeZone: event.timeZone,
              venue: { name: event.venueName, city: event.venueCity, address: event.venueAddress },
            },
          }
        : {}),
    };
  }
}

export class InvitationsCreatedDto {
  @ApiProperty({ type: [InvitationDto] }) items!: InvitationDto[];
  @ApiProperty({ type: [String], description: 'Addresses already invited (or repeated), not invited again' })
  skipped!: string[];
}

export class InvitationPageDto {
  @ApiProperty({ type: [InvitationDto] }) items!: InvitationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class RsvpSummaryDto {
  @ApiProperty() eventId!: string;
  @ApiProperty() invited!: number;
  @ApiProperty() pending!: number;
  @ApiProperty() yes!: number;
  @ApiProperty() no!: number;
  @ApiProperty() maybe!: number;
  @ApiProperty({ description: 'Yes answers plus their plus-ones' }) attending!: number;
  @ApiProperty({ type: String, nullable: true }) rsvpBy!: string | null;
  @ApiProperty({ description: 'The deadline has passed' }) closed!: boolean;

  static from(summary: RsvpSummaryView): RsvpSummaryDto {
    return { ...summary, rsvpBy: summary.rsvpBy?.toISOString() ?? null };
  }
}
