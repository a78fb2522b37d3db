import { AuthUser } from '@evently/auth';
import { RoutingKeys } from '@evently/contracts';
import { OutboxService } from '@evently/messaging';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { InventoryEntity } from '../inventory/inventory.entity';
import { StaffRole } from '../staff/staff.rules';
import { StaffService } from '../staff/staff.service';
import { codeSignedBy, readTicketCode } from '../ticket/ticket-code';
import { TicketErrorCode, TicketException } from '../ticket/ticket.exception';
import { TicketRepository } from '../ticket/ticket.repository';
import { Ticket, TicketStatus } from '../ticket/ticket.rules';
import { TicketService } from '../ticket/ticket.service';
import { CheckinRepository } from './checkin.repository';
import { CheckinResult, inScanOrder, scanRefusal } from './checkin.rules';

/** A scan as a device made it. */
export interface Scan {
  code: string;
  scannedAt: Date;
  deviceId: string;
}

/** What a scan came to: the result, the ticket it named (if any), and when (and by whom) it was checked in. */
export interface ScanOutcome {
  result: CheckinResult;
  ticket: (Ticket & { ticketTypeName: string | null }) | null;
  checkedInAt: Date | null;
  checkedInBy: string | null;
  scannedAt: Date;
  /** The same scan was synced before: nothing changed, this is what it came to then. */
  replayed: boolean;
}

/** A scanned code as read (null: not a ticket code), and whether the event's key signed it. */
interface ReadCode {
  code: ReturnType<typeof readTicketCode>;
  signed: boolean;
}

/** Who works the door: `door` checks in and sees names; `manager` also lists attendees and undoes check-ins. */
export type DoorRole = StaffRole;

/**
 * The door: scans checked in once (two scanners at once: one `ok`), offline scans synced in the order they
 * were made (the earliest wins; a batch synced again changes nothing), check-ins undone, and the bundle a
 * device needs to decide offline.
 */
@Injectable()
export class CheckinService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tickets: TicketRepository,
    private readonly ticketService: TicketService,
    private readonly scans: CheckinRepository,
    private readonly staff: StaffService,
    private readonly outbox: OutboxService,
  ) {}

  /** The event, if the caller works its door in `role` (its organizer and admins work every door). */
  async door(caller: AuthUser, eventId: string, role: DoorRole): Promise<InventoryEntity> {
    const event = await this.staff.door(caller, eventId, role);
    if (event) return event;
    throw new TicketException(
      TicketErrorCode.NotEventStaff,
      role === 'manager'
        ? "Only the event's organizer or its managers"
        : "Only the event's organizer or its staff",
      { needs: role },
    );
  }

  /** A scan at the door now. */
  async scan(caller: AuthUser, eventId: string, code: string, deviceId?: string): Promise<ScanOutcome> {
    const event = await this.door(caller, eventId, 'door');
    const scan = { code, scannedAt: new Date(), deviceId: deviceId ?? `online:${caller.id}` };
    const read = await this.read(code);
    return this.dataSource.transaction((manager) => this.decide(manager, caller, event, scan, read, false));
  }

  /** Scans made offline, synced: decided in the order they were made; answered in the order given. */
  async batch(caller: AuthUser, eventId: string, scans: Scan[]): Promise<ScanOutcome[]> {
    const event = await this.door(caller, eventId, 'door');
    const outcomes = new Map<Scan, ScanOutcome>();
    for (const scan of inScanOrder(
      scans.map((s) => ({ ...s, scannedAt: s.scannedAt.toISOString(), scan: s })),
    )) {
      const read = await this.read(scan.code);
      outcomes.set(
        scan.scan,
        await this.dataSource.transaction((manager) =>
          this.decide(manager, caller, event, scan.scan, read, true),
        ),
      );
    }
    return scans.map((s) => outcomes.get(s)!);
  }

  /** Undoes a check-in (managers): the ticket may be scanned in again. */
  async undo(caller: AuthUser, eventId: string, ticketId: string): Promise<Ticket> {
    const event = await this.door(caller, eventId, 'manager');
    // The undo and its audit line commit together.
    const ticket = await this.dataSource.transaction(async (manager) => {
      const undone = await this.tickets.undoCheckIn(eventId, ticketId, manager);
      if (undone) {
        await this.outbox.audit(manager, caller, {
          action: 'checkin.undone',
          targetType: 'ticket',
          targetId: ticketId,
          eventId,
          organizerId: event.organizerId,
        });
      }
      return undone;
    });
    if (!ticket) throw new TicketException(TicketErrorCode.TicketNotFound, 'No such ticket at this event');
    return ticket;
  }

  /** What a door device needs offline: the event's public key, its tickets, and which are voided. */
  async bundle(caller: AuthUser, eventId: string) {
    const event = await this.door(caller, eventId, 'door');
    const { publicKey } = await this.ticketService.keysOf(eventId);
    const tickets = await this.tickets.ofEvent(eventId);
    const typeName = (id: string | null) => event.ticketTypes.find((t) => t.id === id)?.name ?? null;
    return {
      eventId,
      publicKey,
      generatedAt: new Date(),
      tickets: tickets
        .filter((t) => t.status === TicketStatus.Valid)
        .map((t) => ({ ...t, ticketTypeName: typeName(t.ticketTypeId) })),
      voidedIds: tickets.filter((t) => t.status !== TicketStatus.Valid).map((t) => t.id),
    };
  }

  /**
   * A scanned code read and its signature checked, before the scan's transaction: the key is read on a
   * connection of its own, which must never be wanted while a transaction holds one (a rush of scans would
   * then hold every connection of the pool, each waiting for another).
   */
  private async read(text: string): Promise<ReadCode> {
    const code = readTicketCode(text);
    const key = code ? await this.tickets.publicKeyOf(code.eventId) : null;
    return { code, signed: code !== null && key !== null && codeSignedBy(key, code) };
  }

  private async decide(
    manager: EntityManager,
    caller: AuthUser,
    event: InventoryEntity,
    scan: Scan,
    { code, signed }: ReadCode,
    offline: boolean,
  ): Promise<ScanOutcome> {
    const found =
      signed && code !== null && code.eventId === event.eventId
        ? await this.tickets.atDoor(manager, code.ticketId)
        : null;
    const begun = await this.scans.begin(manager, {
      eventId: event.eventId,
      ticketId: found?.ticket.id ?? null,
      deviceId: scan.deviceId,
      scannedAt: scan.scannedAt,
      by: caller.id,
      offline,
    });
    const outcome = (result: CheckinResult, ticket: Ticket | null, replayed = false): ScanOutcome => ({
      result,
      ticket: ticket && {
        ...ticket,
        ticketTypeName: event.ticketTypes.find((t) => t.id === ticket.ticketTypeId)?.name ?? null,
      },
      checkedInAt: ticket?.checkedInAt ?? null,
      checkedInBy: ticket?.checkedInBy ?? null,
      scannedAt: scan.scannedAt,
      replayed,
    });
    if ('replayOf' in begun) return outcome(begun.replayOf, found?.ticket ?? null, true);
    const refusal = scanRefusal({
      eventId: event.eventId,
      code,
      signed,
      ticket: found?.ticket ?? null,
      paid: found?.paid ?? false,
    });
    if (refusal) {
      await this.scans.decide(manager, begun.id, refusal);
      return outcome(refusal, found?.ticket ?? null);
    }
    const checkIn = await this.tickets.checkIn(manager, found!.ticket.id, {
      at: scan.scannedAt,
      by: caller.id,
      deviceId: scan.deviceId,
      earliestWins: offline,
    });
    // Not won: checked in first by another scan, or voided meanwhile.
    const result: CheckinResult = checkIn.won
      ? 'ok'
      : checkIn.ticket?.status === TicketStatus.Voided
        ? 'voided'
        : 'already_checked_in';
    await this.scans.decide(manager, begun.id, result);
    // The organizer's feed hears of a ticket's first check-in (an earlier offline scan that takes over a
    // later one changes only the time).
    const first = found!.ticket.checkedInAt === null;
    if (result === 'ok' && first && checkIn.ticket) {
      const t = checkIn.ticket;
      await this.outbox.add(manager, RoutingKeys.TicketCheckedIn, {
        ticketId: t.id,
        bookingId: t.bookingId,
        eventId: t.eventId,
        ticketTypeId: t.ticketTypeId,
        seat: t.seat,
        attendeeName: t.attendeeName,
        checkedInAt: (t.checkedInAt ?? scan.scannedAt).toISOString(),
        checkedInBy: caller.id,
        deviceId: scan.deviceId,
        offline,
      });
    }
    return outcome(result, checkIn.ticket);
  }
}
