import { AuthUser, CurrentUser } from '@evently/auth';
import { Public, uuidParam } from '@evently/common';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AvailabilityDto } from './dto/availability.dto';
import { freeSeatsByType, typeAvailability } from '../order/order.rules';
import { TicketSalesRepository } from '../order/ticket-sales.repository';
import { InventoryService } from './inventory.service';

@ApiTags('availability')
@Controller('availability')
export class InventoryController {
  constructor(
    private readonly inventory: InventoryService,
    private readonly ticketSales: TicketSalesRepository,
  ) {}

  /** Places or seats left, held and waiting for an event; and per ticket type, what is left and on sale. */
  @Public()
  @Get(':eventId')
  async availability(
    @CurrentUser() caller: AuthUser | undefined,
    @Param('eventId', uuidParam()) eventId: string,
  ): Promise<AvailabilityDto> {
    const { availability, event } = await this.inventory.availability(eventId, caller);
    // Sales per type matter only to a type with a quota; most events have none, and skip the read.
    const capped = event.ticketTypes.some((t) => t.quota !== null);
    const sold = capped ? await this.ticketSales.soldOf(eventId) : new Map<string, number>();
    // Seated: what is left of a type is the free seats of its sections.
    const freeSeats = availability.seats ? freeSeatsByType(availability.seats, event.ticketTypes) : null;
    return {
      ...availability,
      ticketTypes: typeAvailability(
        event.ticketTypes,
        sold,
        availability.available,
        availability.bookable,
        Date.now(),
        freeSeats,
      ),
    };
  }
}
