import { AuthUser, CurrentUser } from '@evently/auth';
import { uuidParam } from '@evently/common';
import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CreatePromoCodeDto, PromoCodeDto, PromoCodeListDto, UpdatePromoCodeDto } from './dto/promo-code.dto';
import { PromoCodeService } from './promo-code.service';

/** An event's promo codes, for its organizer or an admin (the gateway routes them here, not to events). */
@ApiTags('promo-codes')
@ApiBearerAuth()
@Controller('events/:eventId/promo-codes')
export class PromoCodeController {
  constructor(private readonly codes: PromoCodeService) {}

  /** Creates a code: a percentage or an amount off each place it covers; 409 PROMO_CODE_EXISTS if taken. */
  @Post()
  @ApiCreatedResponse({ type: PromoCodeDto })
  async create(
    @CurrentUser() caller: AuthUser,
    @Param('eventId', uuidParam()) eventId: string,
    @Body() body: CreatePromoCodeDto,
  ): Promise<PromoCodeDto> {
    return PromoCodeDto.from(await this.codes.create(caller, eventId, body));
  }

  /** The event's codes with their uses, newest first. */
  @Get()
  @ApiOkResponse({ type: PromoCodeListDto })
  async list(
    @CurrentUser() caller: AuthUser,
    @Param('eventId', uuidParam()) eventId: string,
  ): Promise<PromoCodeListDto> {
    return { items: (await this.codes.list(caller, eventId)).map((c) => PromoCodeDto.from(c)) };
  }

  /** Withdraws a code (`disabled: true`) or brings it back; orders that hold it keep their discount. */
  @Patch(':id')
  @ApiOkResponse({ type: PromoCodeDto })
  async update(
    @CurrentUser() caller: AuthUser,
    @Param('eventId', uuidParam()) eventId: string,
    @Param('id', uuidParam()) id: string,
    @Body() body: UpdatePromoCodeDto,
  ): Promise<PromoCodeDto> {
    return PromoCodeDto.from(await this.codes.setDisabled(caller, eventId, id, body.disabled));
  }
}
