import { EventStatus, StoredEventStatus } from './event-status';

/**
 * An event's life: draft -> published -> completed (at its end, derived) or cancelled; a draft may be
 * deleted, and drafts and published events edited. Nothing else moves.
 */
export type LifecycleAction = 'edit' | 'publish' | 'cancel' | 'delete';

/** Where an action leads (`deleted` for a draft removed), or why it may not happen now. */
export type Transition =
  | { to: StoredEventStatus | 'deleted' }
  | { refused: 'INVALID_EVENT_STATE' | 'STARTS_IN_PAST'; message: string };

const moves: Record<LifecycleAction, Partial<Record<EventStatus, StoredEventStatus | 'deleted'>>> = {
  edit: {
    [EventStatus.Draft]: StoredEventStatus.Draft,
    [EventStatus.Published]: StoredEventStatus.Published,
  },
  publish: { [EventStatus.Draft]: StoredEventStatus.Published },
  cancel: { [EventStatus.Published]: StoredEventStatus.Cancelled },
  delete: { [EventStatus.Draft]: 'deleted' },
};

const verbs: Record<LifecycleAction, string> = {
  edit: 'edited',
  publish: 'published',
  cancel: 'cancelled',
  delete: 'deleted',
};

/**
 * The transition `action` makes from `status` for an event starting at `startsAt`: publishing needs the start
 * ahead (a sale for something already begun is refused).
 */
export function nextStatus(
  status: EventStatus,
  action: LifecycleAction,
  startsAt: Date,
  now: Date = new Date(),
): Transition {
  const to = moves[action][status];
  if (to === undefined) {
    const hint = action === 'cancel' && status === EventStatus.Draft ? ' (delete a draft instead)' : '';
    return { refused: 'INVALID_EVENT_STATE', message: `A ${status} event cannot be ${verbs[action]}${hint}` };
  }
  if (action === 'publish' && startsAt.getTime() <= now.getTime()) {
    return { refused: 'STARTS_IN_PAST', message: 'An event can be published only before it starts' };
  }
  return { to };
}

/** A published event may move its start, but not into the past. */
export const movesIntoPast = (status: EventStatus, startsAt: Date | undefined, now: Date = new Date()) =>
  status === EventStatus.Published && startsAt !== undefined && startsAt.getTime() <= now.getTime();
