// The use-cases of booking-service as the medium specs (and the waitlist bench) call them: what POST /bookings,
// cancel, join, accept and an RSVP answer do, without HTTP.
import { AuthUser } from '@evently/auth';
import type { MediumService } from '@evently/testing/medium';
import { EntityManager } from 'typeorm';
import { BookingEntity } from '../../src/booking/booking.entity';
import { BookingRequest } from '../../src/booking/booking.rules';
import { Respondent } from '../../src/invitation/invitation.service';
import { RsvpAnswer } from '../../src/invitation/invitation.rules';
import { AcceptOffer } from '../../src/use-cases/accept-offer';
import { CancelBooking } from '../../src/use-cases/cancel-booking';
import { JoinWaitlist } from '../../src/use-cases/join-waitlist';
import { PlaceBooking } from '../../src/use-cases/place-booking';
import { RespondToInvitation } from '../../src/use-cases/respond-to-invitation';

const asEntity = {
  done: (booking: BookingEntity) => ({ status: 201, body: booking }),
  refused: () => ({ status: 0, body: null }),
};

export function commandsOf(svc: MediumService) {
  return {
    /** Books as POST /bookings does without a key (a refusal is thrown); the booking as stored. */
    book: async (caller: AuthUser, request: BookingRequest): Promise<BookingEntity> =>
      (await svc.get(PlaceBooking).execute(caller, request, undefined, asEntity)).body as BookingEntity,
    cancel: (caller: AuthUser, bookingId: string) => svc.get(CancelBooking).execute(caller, bookingId),
    join: (caller: AuthUser, eventId: string, quantity: number) =>
      svc.get(JoinWaitlist).execute(caller, eventId, quantity),
    accept: (manager: EntityManager, caller: AuthUser, entryId: string) =>
      svc.get(AcceptOffer).accept(manager, caller, entryId),
    respond: (respondent: Respondent, answer: RsvpAnswer) =>
      svc.get(RespondToInvitation).execute(respondent, answer),
  };
}
