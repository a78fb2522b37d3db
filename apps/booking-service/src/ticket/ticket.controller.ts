import { AuthUser, CurrentUser } from '@evently/auth';
import { uuidParam } from '@evently/common';
import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ListTicketsQueryDto, NameTicketDto, TicketDto, TicketListDto } from './dto/ticket.dto';
import { TicketService } from './ticket.service';

@ApiTags('tickets')
@ApiBearerAuth()
@Controller('tickets')
export class TicketController {
  constructor(private readonly tickets: TicketService) {}

  /** The caller's tickets (every place of their confirmed bookings), with the codes to show at the door. */
  @Get()
  @ApiOkResponse({ type: TicketListDto })
  async mine(@CurrentUser() caller: AuthUser, @Query() query: ListTicketsQueryDto): Promise<TicketListDto> {
    return { items: (await this.tickets.mine(caller, query.limit ?? 100)).map((t) => TicketDto.from(t)) };
  }

  /** Names a ticket's attendee (and their answers): its holder, until the event starts. */
  @Patch(':id')
  @ApiOkResponse({ type: TicketDto })
  async name(
    @CurrentUser() caller: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() body: NameTicketDto,
  ): Promise<TicketDto> {
    return TicketDto.from(await this.tickets.name(caller, id, body));
  }
}
