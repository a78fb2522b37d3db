import { Injectable } from '@nestjs/common';
import { QueueEntry, QueueRepository } from './queue.repository';

type Joined = { entry: QueueEntry; joined: boolean };
interface Waiting {
  eventId: string;
  userId: string;
  token: string;
  answers: { resolve(j: Joined): void; reject(e: unknown): void }[];
}

/** Joins gathered this long (or this many) go to the database as one statement. */
const GATHER_MS = 2;
const MAX_BATCH = 500;

/**
 * Joins of the queue, gathered: a rush of visitors joining at once costs the database one statement and one
 * commit per few milliseconds rather than one each (a join is the hottest write of an on-sale). The same
 * account joining twice in one batch gets one place, and both answers say so.
 */
@Injectable()
export class JoinBatcher {
  private batch = new Map<string, Waiting>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly queue: QueueRepository) {}

  join(eventId: string, userId: string, token: string): Promise<Joined> {
    return new Promise<Joined>((resolve, reject) => {
      const key = `${eventId}/${userId}`;
      const waiting = this.batch.get(key);
      if (waiting) waiting.answers.push({ resolve: (j) => resolve({ ...j, joined: false }), reject });
      else this.batch.set(key, { eventId, userId, token, answers: [{ resolve, reject }] });
      if (this.batch.size >= MAX_BATCH) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), GATHER_MS);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.batch.values()];
    this.batch = new Map();
    if (batch.length > 0) void this.send(batch);
  }

  private async send(batch: Waiting[]): Promise<void> {
    try {
      const done = await this.queue.joinMany(batch);
      for (const waiting of batch) {
        const key = `${waiting.eventId}/${waiting.userId}`;
        // Joined by a concurrent statement (another instance's batch): the place it made.
        const joined = done.get(key) ?? {
          entry: (await this.queue.entryOf(waiting.eventId, waiting.userId))!,
          joined: false,
        };
        for (const answer of waiting.answers) answer.resolve(joined);
      }
    } catch (error) {
      for (const waiting of batch) for (const answer of waiting.answers) answer.reject(error);
    }
  }
}
