// What the notifier's specs share: a person's inbox as the API shows it.
import { api } from '@evently/testing/evently-api';

export interface NotificationBody {
  id: string;
  type: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
  data: Record<string, unknown>;
}

export const inbox = async (
  caller: { token: string; role: 'customer' | 'organizer' | 'admin'; id: string },
  query = '',
) =>
  (await api('GET', `/notifications${query}`, { caller })).json() as {
    items: NotificationBody[];
    nextCursor: string | null;
  };
