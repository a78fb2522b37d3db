// Webhook subscriptions and deliveries as the repository reads them, and their rows.

export type SubscriptionStatus = 'active' | 'disabled';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface Subscription {
  id: string;
  organizerId: string;
  url: string;
  types: string[];
  eventId: string | null;
  description: string | null;
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: Date | null;
  status: SubscriptionStatus;
  disabledReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Delivery {
  id: string;
  subscriptionId: string;
  organizerId: string;
  seq: number;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  firstAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  responseStatus: number | null;
  responseMs: number | null;
  responseExcerpt: string | null;
  error: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

export interface SubscriptionRow {
  id: string;
  organizer_id: string;
  url: string;
  types: string[];
  event_id: string | null;
  description: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: Date | null;
  status: SubscriptionStatus;
  disabled_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface DeliveryRow {
  id: string;
  subscription_id: string;
  organizer_id: string;
  seq: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  first_attempt_at: Date | null;
  last_attempt_at: Date | null;
  response_status: number | null;
  response_ms: number | null;
  response_excerpt: string | null;
  error: string | null;
  delivered_at: Date | null;
  created_at: Date;
}

export const toSubscription = (r: SubscriptionRow): Subscription => ({
  id: r.id,
  organizerId: r.organizer_id,
  url: r.url,
  types: r.types,
  eventId: r.event_id,
  description: r.description,
  secret: r.secret,
  previousSecret: r.previous_secret,
  previousSecretUntil: r.previous_secret_until,
  status: r.status,
  disabledReason: r.disabled_reason,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const toDelivery = (r: DeliveryRow): Delivery => ({
  id: r.id,
  subscriptionId: r.subscription_id,
  organizerId: r.organizer_id,
  seq: Number(r.seq),
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  firstAttemptAt: r.first_attempt_at,
  lastAttemptAt: r.last_attempt_at,
  responseStatus: r.response_status,
  responseMs: r.response_ms,
  responseExcerpt: r.response_excerpt,
  error: r.error,
  deliveredAt: r.delivered_at,
  createdAt: r.created_at,
});
