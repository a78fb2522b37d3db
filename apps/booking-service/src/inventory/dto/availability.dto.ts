import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SeatStateDto {
  @ApiProperty({ example: 'A-1-5' }) label!: string;
  @ApiProperty() section!: string;
  @ApiProperty() row!: number;
  @ApiProperty() number!: number;
  @ApiProperty({ enum: ['available', 'booked'] }) status!: 'available' | 'booked';
}

export class AvailabilityDto {
  @ApiProperty() eventId!: string;
  @ApiProperty({ enum: ['published', 'cancelled', 'completed'] }) status!: string;
  @ApiProperty({ description: 'Published and not yet started' }) bookable!: boolean;
  @ApiProperty({ description: 'Places (general admission) or seats' }) capacity!: number;
  @ApiProperty() booked!: number;
  @ApiProperty() available!: number;
  @ApiPropertyOptional({ type: [SeatStateDto] }) seats?: SeatStateDto[];
}
