import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum InvitationStatus {
  Pending = 'pending',
  Yes = 'yes',
  No = 'no',
  Maybe = 'maybe',
  Cancelled = 'cancelled',
}

/** A guest invited to an event by address, answering with an account or with the emailed token. */
@Entity('invitations')
export class InvitationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('text')
  email!: string;

  @Column('text', { nullable: true })
  name!: string | null;

  @Column('text', { nullable: true })
  message!: string | null;

  @Column('integer', { name: 'plus_ones_allowed' })
  plusOnesAllowed!: number;

  @Column('text')
  status!: InvitationStatus;

  @Column('integer', { name: 'plus_ones' })
  plusOnes!: number;

  @Column('text', { nullable: true })
  comment!: string | null;

  /** General-admission places the answer holds (1 + plus-ones for a "yes"). */
  @Column('integer')
  places!: number;

  @Column('integer')
  answers!: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'responded_at', nullable: true })
  respondedAt!: Date | null;
}

/** An event's RSVP window: when answers close, and whether the host's summary went out. */
export interface RsvpWindow {
  eventId: string;
  rsvpBy: Date;
  deadlineJobId: string | null;
  summarySentAt: Date | null;
  /** The deadline has passed, by the database clock. */
  closed: boolean;
}

/** The counts of an event's invitations (cancelled ones left out). */
export interface RsvpCounts {
  invited: number;
  pending: number;
  yes: number;
  no: number;
  maybe: number;
  /** Yes answers plus their plus-ones. */
  attending: number;
}
