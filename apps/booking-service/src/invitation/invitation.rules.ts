import { ValidationFailedException } from '@evently/common';
import { RsvpResponse } from '@evently/contracts';
import { InventoryEntity } from '../inventory/inventory.entity';
import { isBookable } from '../inventory/inventory.rules';
import { InvitationEntity, InvitationStatus, RsvpWindow } from './invitation.entity';
import { InvitationErrorCode, InvitationException } from './invitation.exception';

export interface RsvpAnswer {
  response: RsvpResponse;
  plusOnes?: number;
  comment?: string;
}

/** What an answer does: the places it holds from now on, the change from before, and the yes count's. */
export interface RsvpDecision {
  plusOnes: number;
  /** Places the invitation holds after the answer (1 + plus-ones for a yes on general admission; else 0). */
  places: number;
  /** Places to sell (> 0) or give back (< 0). */
  more: number;
  /** +1 for a new yes, -1 for a yes taken back. */
  yesDelta: number;
}

/**
 * What an answer to `invitation` does, or why it is refused: answers close with the RSVP window (its deadline,
 * or its summary gone out), with the invitation's cancellation and once the event is off sale; plus-ones are
 * capped by the invitation. Seated events hold no places for a yes.
 */
export function decideRsvp(
  invitation: InvitationEntity,
  window: RsvpWindow | null,
  event: InventoryEntity,
  answer: RsvpAnswer,
  now = Date.now(),
): RsvpDecision {
  if (
    invitation.status === InvitationStatus.Cancelled ||
    !window ||
    window.closed ||
    !isBookable(event, now)
  ) {
    throw new InvitationException(InvitationErrorCode.RsvpClosed, 'Answers to this invitation are closed', {
      rsvpBy: window?.rsvpBy.toISOString() ?? null,
    });
  }
  const yes = answer.response === 'yes';
  const plusOnes = yes ? (answer.plusOnes ?? 0) : 0;
  if (plusOnes > invitation.plusOnesAllowed) {
    throw new ValidationFailedException({
      plusOnes: [`at most ${invitation.plusOnesAllowed} plus-ones for this invitation`],
    });
  }
  const places = event.capacity !== null && yes ? 1 + plusOnes : 0;
  const wasYes = invitation.status === InvitationStatus.Yes;
  return { plusOnes, places, more: places - invitation.places, yesDelta: Number(yes) - Number(wasYes) };
}

/** The guests to invite: addresses lower-cased, each once (repeats are skipped and reported). */
export function distinctGuests<G extends { email: string }>(guests: G[]): { fresh: G[]; repeated: string[] } {
  const seen = new Set<string>();
  const fresh: G[] = [];
  const repeated: string[] = [];
  for (const guest of guests) {
    const email = guest.email.trim().toLowerCase();
    if (seen.has(email)) repeated.push(email);
    else fresh.push({ ...guest, email });
    seen.add(email);
  }
  return { fresh, repeated };
}
