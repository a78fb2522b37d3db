/** What is stored; `completed` is never stored, it is derived from `endsAt` (see effectiveStatus). */
export enum StoredEventStatus {
  Draft = 'draft',
  Published = 'published',
  Cancelled = 'cancelled',
}

export enum EventStatus {
  Draft = 'draft',
  Published = 'published',
  Cancelled = 'cancelled',
  Completed = 'completed',
}

export enum EventVisibility {
  Public = 'public',
  Private = 'private',
}

/** A published event whose end has passed is completed, whenever it is read: no scheduler has to run first. */
export function effectiveStatus(
  stored: StoredEventStatus,
  endsAt: Date,
  now: Date = new Date(),
): EventStatus {
  if (stored === StoredEventStatus.Published && endsAt.getTime() <= now.getTime())
    return EventStatus.Completed;
  return fromStored[stored];
}

const fromStored: Record<StoredEventStatus, EventStatus> = {
  [StoredEventStatus.Draft]: EventStatus.Draft,
  [StoredEventStatus.Published]: EventStatus.Published,
  [StoredEventStatus.Cancelled]: EventStatus.Cancelled,
};
