import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SeatStateDto {
  @ApiProperty({ example: 'A-1-5' }) label!: string;
  @ApiProperty() section!: string;
  @ApiProperty() row!: number;
  @ApiProperty() number!: number;
  @ApiProperty({
    enum: ['available', 'held', 'booked'],
    description: 'held: offered to a waiting-list entry',
  })
  status!: 'available' | 'held' | 'booked';
}

export class AvailabilityDto {
  @ApiProperty() eventId!: string;
  @ApiProperty({ enum: ['published', 'cancelled', 'completed'] }) status!: string;
  @ApiProperty({ description: 'Published and not yet started' }) bookable!: boolean;
  @ApiProperty({ description: 'Places (general admission) or seats' }) capacity!: number;
  @ApiProperty() booked!: number;
  @ApiProperty({ description: 'Held for waiting-list offers, not sellable to anyone else' }) held!: number;
  @ApiProperty() available!: number;
  @ApiProperty({ description: 'Waiting-list entries not yet offered places' }) waiting!: number;
  @ApiPropertyOptional({ type: [SeatStateDto] }) seats?: SeatStateDto[];
}
