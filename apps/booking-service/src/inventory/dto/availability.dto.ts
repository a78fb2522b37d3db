import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SeatStateDto {
  @ApiProperty({ example: 'A-1-5' }) label!: string;
  @ApiProperty() section!: string;
  @ApiProperty() row!: number;
  @ApiProperty() number!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The ticket type the seat is sold as (its section's)",
  })
  ticketTypeId!: string | null;
  @ApiProperty({
    enum: ['available', 'held', 'booked'],
    description: 'held: offered to a waiting-list entry',
  })
  status!: 'available' | 'held' | 'booked';
}

export class TypeMoneyDto {
  @ApiProperty({ description: 'Minor units' }) amount!: number;
  @ApiProperty({ example: 'EUR' }) currency!: string;
}

export class TypeAvailabilityDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: TypeMoneyDto }) price!: TypeMoneyDto;
  @ApiProperty({
    description: "Places of the type that can be bought now (the event's, capped by its quota)",
  })
  available!: number;
  @ApiProperty() onSale!: boolean;
  @ApiProperty({
    enum: ['not_started', 'ended', 'sold_out', 'event_not_on_sale'],
    nullable: true,
    description: 'Why it is not on sale',
  })
  reason!: string | null;
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
  @ApiProperty({ type: [TypeAvailabilityDto], description: 'Per ticket type (hidden types left out)' })
  ticketTypes!: TypeAvailabilityDto[];
}
