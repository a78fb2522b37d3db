import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * The only reader and writer of `booking_instances`: each running instance's heartbeat. Work an instance
 * holds in flight (Idempotency-Key claims, place claims) names it, and a dead one's is taken over.
 */
@Injectable()
export class InstanceRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** This instance is alive. */
  async beat(instanceId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO booking_instances (id) VALUES ($1)
       ON CONFLICT (id) DO UPDATE SET seen_at = clock_timestamp()`,
      [instanceId],
    );
  }

  /** Forgets instances silent for an hour (nothing of theirs can still be in flight). */
  async forgetSilent(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM booking_instances WHERE seen_at < clock_timestamp() - interval '1 hour'`,
    );
  }
}
