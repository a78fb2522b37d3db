import { ApiProperty } from '@nestjs/swagger';
import { IsUuid } from '@evently/common';
import type { QueueStatus } from '../queue.service';

export class QueueTokenQueryDto {
  @ApiProperty({ description: 'The token the join answered with' })
  @IsUuid()
  token!: string;
}

export class QueueStatusDto {
  @ApiProperty({ description: "The place's token: read the status and follow the stream with it" })
  token!: string;
  @ApiProperty({ description: 'When the sale opens' }) opensAt!: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      '1 is next, 0 admitted; null until placed (visitors who join before the opening are placed at random when it opens)',
  })
  position!: number | null;
  @ApiProperty({ type: Number, nullable: true }) estimatedWaitSeconds!: number | null;
  @ApiProperty({ enum: ['waiting', 'admitted', 'expired'] }) state!: QueueStatus['state'];
  @ApiProperty({ type: String, nullable: true, description: 'Send it as queuePass with the booking' })
  pass!: string | null;
  @ApiProperty({ type: String, nullable: true }) passExpiresAt!: string | null;

  static from(status: QueueStatus): QueueStatusDto {
    return Object.assign(new QueueStatusDto(), status);
  }
}
