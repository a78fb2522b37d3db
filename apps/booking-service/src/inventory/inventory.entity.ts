import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum InventoryStatus {
  Published = 'published',
  Cancelled = 'cancelled',
  Completed = 'completed',
}

/** booking-service's replica of a published event: what it may sell, and what it has sold (GA). */
@Entity('inventory')
export class InventoryEntity {
  @PrimaryColumn('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('integer', { name: 'event_version' })
  eventVersion!: number;

  @Column('uuid', { name: 'organizer_id' })
  organizerId!: string;

  @Column('text')
  title!: string;

  @Column('text')
  status!: InventoryStatus;

  @Column('text')
  visibility!: string;

  @Column('timestamptz', { name: 'starts_at' })
  startsAt!: Date;

  @Column('timestamptz', { name: 'ends_at' })
  endsAt!: Date;

  /** General admission places; null for a seated event. */
  @Column('integer', { nullable: true })
  capacity!: number | null;

  /** General admission places sold. */
  @Column('integer')
  sold!: number;
}

/** Whether tickets can be bought now: published and not yet started. */
export const isBookable = (event: InventoryEntity, now = Date.now()): boolean =>
  event.status === InventoryStatus.Published && event.startsAt.getTime() > now;
