import { Module } from '@nestjs/common';
import { BookingModule } from '../booking/booking.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { InventoryModule } from '../inventory/inventory.module';
import { InvitationModule } from '../invitation/invitation.module';
import { OrderModule } from '../order/order.module';
import { PaymentModule } from '../payment/payment.module';
import { PromoModule } from '../promo/promo.module';
import { StatsModule } from '../stats/stats.module';
import { WaitlistModule } from '../waitlist/waitlist.module';
import { AcceptOffer } from './accept-offer';
import { ApplyEventFacts } from './apply-event-facts';
import { CancelBooking } from './cancel-booking';
import { ClaimSweeper } from './claim-sweeper';
import { EndHold } from './end-hold';
import { JoinWaitlist } from './join-waitlist';
import { MarkPaid } from './mark-paid';
import { OfferFreedPlaces } from './offer-freed-places';
import { OrderSteps } from './order-steps';
import { TicketModule } from '../ticket/ticket.module';
import { QueueModule } from '../queue/queue.module';
import { PlaceBooking } from './place-booking';
import { RefundBooking } from './refund-booking';
import { ProviderRefunds } from './provider-refund';
import { ReleaseClaim } from './release-claim';
import { RespondToInvitation } from './respond-to-invitation';
import { SettlePayment } from './settle-payment';
import { StartPayment } from './start-payment';
import { WithdrawFromWaitlist } from './withdraw-from-waitlist';

const useCases = [
  PlaceBooking,
  CancelBooking,
  AcceptOffer,
  JoinWaitlist,
  WithdrawFromWaitlist,
  RespondToInvitation,
  OfferFreedPlaces,
  ReleaseClaim,
  ApplyEventFacts,
  EndHold,
  MarkPaid,
  RefundBooking,
  SettlePayment,
  StartPayment,
  ProviderRefunds,
  OrderSteps,
];

/**
 * Commands that span concepts: each composes concept services in one transaction (concept services never
 * call each other sideways; they may read the inventory, the event replica every concept hangs off).
 */
@Module({
  imports: [
    InventoryModule,
    BookingModule,
    WaitlistModule,
    InvitationModule,
    StatsModule,
    IdempotencyModule,
    OrderModule,
    PaymentModule,
    PromoModule,
    TicketModule,
    QueueModule,
  ],
  providers: [...useCases, ClaimSweeper],
  exports: useCases,
})
export class UseCasesModule {}
