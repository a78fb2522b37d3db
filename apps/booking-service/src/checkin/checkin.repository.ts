import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { CheckinResult } from './checkin.rules';

/** The only reader and writer of `checkin_scans`: every scan at an event's door, once. */
@Injectable()
export class CheckinRepository {
  /**
   * Records a scan before it is decided; for an offline scan recorded before (this device's scan of this
   * ticket at this instant: a batch synced again), what it was decided then instead.
   */
  async begin(
    manager: EntityManager,
    scan: {
      eventId: string;
      ticketId: string | null;
      deviceId: string;
      scannedAt: Date;
      by: string;
      offline: boolean;
    },
  ): Promise<{ id: string } | { replayOf: CheckinResult }> {
    const id = randomUUID();
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO checkin_scans (id, event_id, ticket_id, device_id, scanned_at, result, scanned_by, offline)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7)
       ON CONFLICT (device_id, ticket_id, scanned_at) WHERE ticket_id IS NOT NULL AND offline DO NOTHING
       RETURNING id`,
      [id, scan.eventId, scan.ticketId, scan.deviceId, scan.scannedAt, scan.by, scan.offline],
    );
    if (row) return row;
    const [earlier] = await manager.query<{ result: CheckinResult }[]>(
      `SELECT result FROM checkin_scans WHERE device_id = $1 AND ticket_id = $2 AND scanned_at = $3 AND offline`,
      [scan.deviceId, scan.ticketId, scan.scannedAt],
    );
    return { replayOf: earlier.result };
  }

  async decide(manager: EntityManager, id: string, result: CheckinResult): Promise<void> {
    await manager.query(`UPDATE checkin_scans SET result = $2 WHERE id = $1`, [id, result]);
  }
}
