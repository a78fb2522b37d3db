// Who works an event's door. Pure rules, unit-tested beside.

export type StaffRole = 'door' | 'manager';

export interface StaffMember {
  eventId: string;
  userId: string;
  role: StaffRole;
  addedBy: string;
  createdAt: Date;
}

/**
 * Whether a staff role does what `need` asks: door staff check in and see names; managers also list and
 * export attendees and undo check-ins. Neither edits the event (event-service answers to its organizer only).
 */
export const roleAllows = (role: StaffRole | null, need: StaffRole): boolean =>
  role === 'manager' || (role === 'door' && need === 'door');
