import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NotificationType } from './templates';

/** One in-app notice to one user; (userId, cause) is unique, so a cause notifies a recipient once. */
@Entity('notifications')
export class NotificationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @Column('text')
  type!: NotificationType;

  @Column('text')
  cause!: string;

  @Column('text')
  title!: string;

  @Column('text')
  body!: string;

  @Column('jsonb')
  data!: Record<string, unknown>;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'read_at', nullable: true })
  readAt!: Date | null;
}
