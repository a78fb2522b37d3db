import { OutboxService } from '@evently/messaging';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '@evently/auth';
import { Injectable } from '@nestjs/common';
import { notEventOrganizer } from '../errors';
import { InventoryEntity } from '../inventory/inventory.entity';
import { canOrganize, eventNotFound } from '../inventory/inventory.rules';
import { InventoryService } from '../inventory/inventory.service';
import { Person, PeopleRepository } from '../people/people.repository';
import { StaffErrorCode, StaffException } from './staff.exception';
import { StaffRepository } from './staff.repository';
import { roleAllows, StaffMember, StaffRole } from './staff.rules';

export type StaffView = StaffMember & { email: string | null; fullName: string | null };

/** An event's staff: its organizer (or an admin) adds people by email as door staff or managers. */
@Injectable()
export class StaffService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly people: PeopleRepository,
    private readonly inventory: InventoryService,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  async add(caller: AuthUser, eventId: string, email: string, role: StaffRole): Promise<StaffView> {
    const event = await this.organized(caller, eventId);
    const person = await this.people.byEmail(email);
    if (!person) {
      throw new StaffException(StaffErrorCode.UserNotFound, 'No account has this email: they sign up first', {
        email,
      });
    }
    const member = await this.dataSource.transaction(async (manager) => {
      const put = await this.staff.put({ eventId, userId: person.userId, role, addedBy: caller.id }, manager);
      await this.audit(manager, caller, event, 'staff.added', person.userId, { email: person.email, role });
      return put;
    });
    return this.view(member, person);
  }

  async list(caller: AuthUser, eventId: string): Promise<StaffView[]> {
    await this.organized(caller, eventId);
    const members = await this.staff.list(eventId);
    const people = await this.people.byIds(members.map((m) => m.userId));
    return members.map((m) => this.view(m, people.get(m.userId)));
  }

  async remove(caller: AuthUser, eventId: string, userId: string): Promise<void> {
    const event = await this.organized(caller, eventId);
    const removed = await this.dataSource.transaction(async (manager) => {
      const gone = await this.staff.remove(eventId, userId, manager);
      if (gone) await this.audit(manager, caller, event, 'staff.removed', userId, null);
      return gone;
    });
    if (!removed) {
      throw new StaffException(StaffErrorCode.StaffNotFound, 'This person is not on the event staff');
    }
  }

  /** Records a staff change for the audit log, in the change's transaction. */
  private async audit(
    manager: EntityManager,
    caller: AuthUser,
    event: InventoryEntity,
    action: string,
    userId: string,
    details: Record<string, unknown> | null,
  ): Promise<void> {
    await this.outbox.audit(manager, caller, {
      action,
      targetType: 'staff',
      targetId: userId,
      eventId: event.eventId,
      organizerId: event.organizerId,
      details,
    });
  }

  /**
   * The event, if the caller may do what `need` asks at its door: its organizer and admins always, its staff
   * by their role; else null (the caller says why).
   */
  async door(caller: AuthUser, eventId: string, need: StaffRole): Promise<InventoryEntity | null> {
    const event = await this.inventory.find(eventId);
    if (!event) throw eventNotFound();
    if (canOrganize(caller, event)) return event;
    return roleAllows(await this.staff.roleOf(eventId, caller.id), need) ? event : null;
  }

  private async organized(caller: AuthUser, eventId: string): Promise<InventoryEntity> {
    const event = await this.inventory.find(eventId);
    if (!event) throw eventNotFound();
    if (!canOrganize(caller, event)) throw notEventOrganizer();
    return event;
  }

  private view(member: StaffMember, person: Person | undefined): StaffView {
    return { ...member, email: person?.email ?? null, fullName: person?.fullName ?? null };
  }
}
