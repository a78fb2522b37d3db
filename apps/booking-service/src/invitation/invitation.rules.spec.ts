import { ValidationFailedException } from '@evently/common';
import { InventoryEntity, InventoryStatus } from '../inventory/inventory.entity';
import { InvitationEntity, InvitationStatus, RsvpWindow } from './invitation.entity';
import { decideRsvp, distinctGuests } from './invitation.rules';

const now = Date.parse('2027-01-01T00:00:00Z');
const ga = {
  status: InventoryStatus.Published,
  startsAt: new Date(now + 1_000),
  capacity: 10,
} as InventoryEntity;
const seated = { ...ga, capacity: null } as InventoryEntity;
const open = { rsvpBy: new Date(now + 500), closed: false, summarySentAt: null } as RsvpWindow;
const invitation = (status: InvitationStatus, places = 0) =>
  ({ status, places, plusOnesAllowed: 2 }) as unknown as InvitationEntity;

describe('invitation rules', () => {
  it('holds 1 + plus-ones places for a yes on general admission', () => {
    expect(
      decideRsvp(invitation(InvitationStatus.Pending), open, ga, { response: 'yes', plusOnes: 2 }, now),
    ).toEqual({
      plusOnes: 2,
      places: 3,
      more: 3,
      yesDelta: 1,
    });
  });

  it('gives the places back when a yes becomes a no', () => {
    expect(decideRsvp(invitation(InvitationStatus.Yes, 3), open, ga, { response: 'no' }, now)).toEqual({
      plusOnes: 0,
      places: 0,
      more: -3,
      yesDelta: -1,
    });
  });

  it('holds no places on a seated event', () => {
    expect(
      decideRsvp(invitation(InvitationStatus.Pending), open, seated, { response: 'yes' }, now).places,
    ).toBe(0);
  });

  it('refuses more plus-ones than the invitation allows', () => {
    const answer = { response: 'yes' as const, plusOnes: 3 };
    expect(() => decideRsvp(invitation(InvitationStatus.Pending), open, ga, answer, now)).toThrow(
      ValidationFailedException,
    );
  });

  it('closes answers with the window, a cancelled invitation, or an event off sale', () => {
    const code = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return 'OK';
    };
    const yes = { response: 'yes' as const };
    expect(
      code(() => decideRsvp(invitation(InvitationStatus.Pending), { ...open, closed: true }, ga, yes, now)),
    ).toBe('RSVP_CLOSED');
    expect(code(() => decideRsvp(invitation(InvitationStatus.Pending), null, ga, yes, now))).toBe(
      'RSVP_CLOSED',
    );
    expect(code(() => decideRsvp(invitation(InvitationStatus.Cancelled), open, ga, yes, now))).toBe(
      'RSVP_CLOSED',
    );
    const over = { ...ga, status: InventoryStatus.Cancelled } as InventoryEntity;
    expect(code(() => decideRsvp(invitation(InvitationStatus.Pending), open, over, yes, now))).toBe(
      'RSVP_CLOSED',
    );
  });

  it('invites each address once, lower-cased', () => {
    expect(
      distinctGuests([{ email: 'Ann@X.test' }, { email: 'ann@x.test ' }, { email: 'bo@x.test' }]),
    ).toEqual({
      fresh: [{ email: 'ann@x.test' }, { email: 'bo@x.test' }],
      repeated: ['ann@x.test'],
    });
  });
});
