import { RequestContext, SERVICE_NAME } from '@evently/common';
import { ContractRegistry, Envelope, PayloadOf, RoutingKey } from '@evently/contracts';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { CONTRACT_REGISTRY } from './messaging.tokens';
import { OutboxRelay } from './outbox.relay';

/** An outbox row's values, for a statement of the caller's own that inserts it (see `OutboxService.draft`). */
export interface OutboxRow {
  id: string;
  routingKey: string;
  /** The envelope as JSON text. */
  envelope: string;
}

/**
 * Producer side of the transactional outbox: a service calls `add` with the EntityManager of the
 * transaction that makes the business change, so the fact is stored if and only if the change commits.
 */
@Injectable()
export class OutboxService implements OnModuleInit {
  /** Transactions that wrote outbox rows and have not ended yet. */
  private readonly awaitingCommit = new WeakSet<QueryRunner>();

  constructor(
    @Inject(SERVICE_NAME) private readonly serviceName: string,
    @Inject(CONTRACT_REGISTRY) private readonly contracts: ContractRegistry,
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  /**
   * Wakes this instance's relay as soon as a transaction that wrote facts commits. (A NOTIFY from the
   * database would wake every instance, but PostgreSQL serialises the commits of all notifying
   * transactions behind one database-wide lock; the relay's polling covers rows written elsewhere.)
   */
  onModuleInit(): void {
    const watcher: EntitySubscriberInterface = {
      afterTransactionCommit: ({ queryRunner }) => {
        if (this.awaitingCommit.delete(queryRunner)) this.relay.wake();
      },
      afterTransactionRollback: ({ queryRunner }) => {
        this.awaitingCommit.delete(queryRunner);
      },
    };
    this.dataSource.subscribers.push(watcher);
  }

  async add<K extends RoutingKey>(
    manager: EntityManager,
    routingKey: K,
    payload: PayloadOf<K>,
  ): Promise<Envelope> {
    return this.addMessage(manager, routingKey, payload);
  }

  /**
   * Records what `actor` did for the audit log (an `audit.recorded` fact in the caller's transaction), with
   * the request's id and the caller's address from the request context.
   */
  audit(
    manager: EntityManager,
    actor: { id: string; role: string },
    entry: {
      action: string;
      targetType: string;
      targetId: string;
      eventId?: string | null;
      organizerId?: string | null;
      changes?: Record<string, { from: unknown; to: unknown }> | null;
      details?: Record<string, unknown> | null;
    },
  ): Promise<Envelope> {
    return this.addMessage(manager, 'audit.recorded', {
      actorId: actor.id,
      actorRole: actor.role,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      eventId: entry.eventId ?? null,
      organizerId: entry.organizerId ?? null,
      changes: entry.changes ?? null,
      details: entry.details ?? null,
      requestId: RequestContext.requestId() ?? null,
      address: RequestContext.address() ?? null,
      at: new Date().toISOString(),
    });
  }

  /** Many facts of one kind in one INSERT (a fan-out such as every booking of a cancelled event). */
  async addMany<K extends RoutingKey>(
    manager: EntityManager,
    routingKey: K,
    payloads: readonly PayloadOf<K>[],
  ): Promise<Envelope[]> {
    const envelopes = payloads.map((payload) => this.envelopeInTransaction(manager, routingKey, payload));
    if (envelopes.length === 0) return envelopes;
    await manager.query(
      `INSERT INTO outbox (id, routing_key, envelope)
       SELECT id, $2, envelope FROM unnest($1::uuid[], $3::jsonb[]) AS t(id, envelope)`,
      [envelopes.map((e) => e.id), routingKey, envelopes.map((e) => JSON.stringify(e))],
    );
    return envelopes;
  }

  /**
   * The row `add` would insert, for a statement of the caller's that inserts it itself together with the
   * change (a database function that writes a whole booking in one call): checked as `add` checks it, and
   * the relay is woken at the commit in the same way. The caller inserts exactly this row in this
   * transaction, or the transaction fails.
   */
  draft<K extends RoutingKey>(manager: EntityManager, routingKey: K, payload: PayloadOf<K>): OutboxRow {
    return rowOf(this.envelopeInTransaction(manager, routingKey, payload));
  }

  /**
   * The row for one statement that inserts it and commits by itself, outside any transaction (a single
   * statement is atomic: it writes the change and the fact whole, or nothing). Call `written` once that
   * statement has returned, so the relay sends the fact at once.
   */
  draftAlone<K extends RoutingKey>(routingKey: K, payload: PayloadOf<K>): OutboxRow {
    return rowOf(this.envelopeOf(routingKey, payload));
  }

  /** A statement with a row of `draftAlone` has committed: wakes this instance's relay. */
  written(): void {
    this.relay.wake();
  }

  /** Untyped variant for contracts outside the domain registry (tests, tooling). */
  async addMessage(manager: EntityManager, routingKey: string, payload: unknown): Promise<Envelope> {
    const envelope = this.envelopeInTransaction(manager, routingKey, payload);
    await manager.query(`INSERT INTO outbox (id, routing_key, envelope) VALUES ($1, $2, $3)`, [
      envelope.id,
      routingKey,
      JSON.stringify(envelope),
    ]);
    return envelope;
  }

  private envelopeInTransaction(manager: EntityManager, routingKey: string, payload: unknown): Envelope {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`Outbox writes must happen inside the business transaction (${routingKey})`);
    }
    const envelope = this.envelopeOf(routingKey, payload);
    this.awaitingCommit.add(manager.queryRunner);
    return envelope;
  }

  private envelopeOf(routingKey: string, payload: unknown): Envelope {
    const contract = this.contracts.require(routingKey);
    const parsed = this.contracts.parse(routingKey, contract.version, payload);
    if (!parsed.ok) throw new Error(`Refusing to publish an invalid ${routingKey}: ${parsed.reason}`);
    return {
      id: randomUUID(),
      type: routingKey,
      version: contract.version,
      occurredAt: new Date().toISOString(),
      producer: this.serviceName,
      correlationId: RequestContext.requestId() ?? randomUUID(),
      payload: parsed.payload,
    };
  }
}

/** The outbox row of an envelope, as a statement of the caller's inserts it. */
const rowOf = (envelope: Envelope): OutboxRow => ({
  id: envelope.id,
  routingKey: envelope.type,
  envelope: JSON.stringify(envelope),
});
