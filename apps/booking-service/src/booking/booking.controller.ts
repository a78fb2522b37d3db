import { AuthUser, CurrentUser } from '@evently/auth';
import { Page, uuidParam } from '@evently/common';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { idempotencyKeyOf } from '../idempotency/idempotency.service';
import { CancelBooking } from '../use-cases/cancel-booking';
import { MarkPaid } from '../use-cases/mark-paid';
import { RefundBooking } from '../use-cases/refund-booking';
import { RefundDto, RefundRequestDto } from './dto/refund.dto';
import { PlaceBooking } from '../use-cases/place-booking';
import { BookingService } from './booking.service';
import { TicketDto, TicketListDto } from '../ticket/dto/ticket.dto';
import { TicketService } from '../ticket/ticket.service';
import {
  BookingDto,
  BookingPageDto,
  bookingResponse,
  CreateBookingDto,
  ListBookingsQueryDto,
} from './dto/booking.dto';

@ApiTags('bookings')
@ApiBearerAuth()
@Controller('bookings')
export class BookingController {
  constructor(
    private readonly bookings: BookingService,
    private readonly placeBooking: PlaceBooking,
    private readonly cancelBooking: CancelBooking,
    private readonly markPaidUseCase: MarkPaid,
    private readonly refundBooking: RefundBooking,
    private readonly ticketService: TicketService,
  ) {}

  /**
   * Books places (general admission) or seats.
   *
   * 201 with the booking; under an Idempotency-Key, the answer recorded for the first identical request
   * (its status and body, a refusal included) is sent again.
   */
  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key, same answer, for 24 h' })
  @ApiCreatedResponse({ type: BookingDto })
  async create(
    @CurrentUser() caller: AuthUser,
    @Body() body: CreateBookingDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<unknown> {
    const key = idempotencyKeyOf(idempotencyKey);
    const request = {
      eventId: body.eventId,
      quantity: body.quantity,
      seats: body.seats,
      items: body.items,
      promoCode: body.promoCode,
      queuePass: body.queuePass,
    };
    const response = await this.placeBooking.execute(caller, request, key, bookingResponse);
    void res.status(response.status);
    return response.body;
  }

  /** The caller's bookings, newest first. */
  @Get()
  @ApiOkResponse({ type: BookingPageDto })
  async listMine(
    @CurrentUser() caller: AuthUser,
    @Query() query: ListBookingsQueryDto,
  ): Promise<Page<BookingDto>> {
    const page = await this.bookings.listMyBookings(caller, query.limit, query.cursor);
    const events = await this.bookings.eventsOf(page.items);
    return {
      items: page.items.map((b) => BookingDto.from(b, events.get(b.eventId))),
      nextCursor: page.nextCursor,
    };
  }

  /** An event's bookings, for its organizer or an admin. */
  @Get('event/:eventId')
  @ApiOkResponse({ type: BookingPageDto })
  async listForEvent(
    @CurrentUser() caller: AuthUser,
    @Param('eventId', uuidParam()) eventId: string,
    @Query() query: ListBookingsQueryDto,
  ): Promise<Page<BookingDto>> {
    const page = await this.bookings.listEventBookings(caller, eventId, query.limit, query.cursor);
    return { items: page.items.map((b) => BookingDto.from(b)), nextCursor: page.nextCursor };
  }

  /** One booking (its holder, the event's organizer or an admin). */
  @Get(':id')
  @ApiOkResponse({ type: BookingDto })
  async get(@CurrentUser() caller: AuthUser, @Param('id', uuidParam()) id: string): Promise<BookingDto> {
    return BookingDto.from(await this.bookings.getBooking(caller, id));
  }

  /** The booking's tickets, one per place, with their codes: its holder (or an admin). */
  @Get(':id/tickets')
  @ApiOkResponse({ type: TicketListDto })
  async tickets(
    @CurrentUser() caller: AuthUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<TicketListDto> {
    const booking = await this.bookings.getBooking(caller, id);
    return { items: (await this.ticketService.ofBooking(booking.id)).map((t) => TicketDto.from(t)) };
  }

  /**
   * Marks an order awaiting payment as paid offline (a bank transfer received): the event's organizer or an
   * admin. The booking is confirmed and the payment recorded; a hold that lapsed is 409 BOOKING_NOT_PAYABLE.
   */
  @Post(':id/mark-paid')
  @HttpCode(200)
  @ApiOkResponse({ type: BookingDto })
  async markPaid(@CurrentUser() caller: AuthUser, @Param('id', uuidParam()) id: string): Promise<BookingDto> {
    return BookingDto.from(await this.markPaidUseCase.execute(caller, id));
  }

  /**
   * Refunds a paid booking, in full or `amount` of it (the event's organizer or an admin); what is refunded
   * never exceeds what was paid (409 REFUND_EXCEEDS_PAID).
   */
  @Post(':id/refunds')
  @ApiCreatedResponse({ type: RefundDto })
  async refund(
    @CurrentUser() caller: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() body: RefundRequestDto,
  ): Promise<RefundDto> {
    return RefundDto.from(await this.refundBooking.execute(caller, id, body.amount));
  }

  /** Cancels a booking; its places or seats are free at once. */
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: BookingDto })
  async cancel(@CurrentUser() caller: AuthUser, @Param('id', uuidParam()) id: string): Promise<BookingDto> {
    return BookingDto.from(await this.cancelBooking.execute(caller, id));
  }
}
