import { AuthUser, CurrentUser } from '@evently/auth';
import { Public, uuidParam } from '@evently/common';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AvailabilityDto } from './dto/availability.dto';
import { InventoryService } from './inventory.service';

@ApiTags('availability')
@Controller('availability')
export class InventoryController {
  constructor(private readonly inventory: InventoryService) {}

  /** Places or seats left, held and waiting for an event. */
  @Public()
  @Get(':eventId')
  async availability(
    @CurrentUser() caller: AuthUser | undefined,
    @Param('eventId', uuidParam()) eventId: string,
  ): Promise<AvailabilityDto> {
    return this.inventory.availability(eventId, caller);
  }
}
