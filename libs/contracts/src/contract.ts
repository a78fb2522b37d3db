import { z } from 'zod';

/** One message type: its routing key and a payload schema per version (the highest is what producers write). */
export interface Contract<K extends string = string, S extends z.ZodType = z.ZodType> {
  readonly routingKey: K;
  readonly version: number;
  readonly schema: S;
  /** Schemas of every version still accepted from the wire, by version number. */
  readonly versions: Readonly<Record<number, z.ZodType>>;
}

export function defineContract<K extends string, S extends z.ZodType>(
  routingKey: K,
  version: number,
  schema: S,
  olderVersions: Record<number, z.ZodType> = {},
): Contract<K, S> {
  return { routingKey, version, schema, versions: { ...olderVersions, [version]: schema } };
}

/** The contracts a service knows, by routing key. */
export class ContractRegistry {
  private readonly byKey = new Map<string, Contract>();

  constructor(contracts: readonly Contract[]) {
    for (const contract of contracts) {
      if (this.byKey.has(contract.routingKey)) throw new Error(`Duplicate contract ${contract.routingKey}`);
      this.byKey.set(contract.routingKey, contract);
    }
  }

  require(routingKey: string): Contract {
    const contract = this.byKey.get(routingKey);
    if (!contract) throw new Error(`No contract for routing key "${routingKey}"`);
    return contract;
  }

  /**
   * Validates a payload of the given version; returns the parsed payload or the reasons it is invalid.
   * Versions of one routing key only ever add fields (a change that removes or redefines one is a new
   * routing key), so a version newer than this service knows is read with its newest schema, which drops
   * the fields it does not know: a producer can move ahead of its consumers.
   */
  parse(
    routingKey: string,
    version: number,
    payload: unknown,
  ): { ok: true; payload: unknown } | { ok: false; reason: string } {
    const contract = this.byKey.get(routingKey);
    if (!contract) return { ok: false, reason: `unknown message type ${routingKey}` };
    const schema = contract.versions[version] ?? (version > contract.version ? contract.schema : undefined);
    if (!schema) return { ok: false, reason: `unsupported version ${version} of ${routingKey}` };
    const result = schema.safeParse(payload);
    if (result.success) return { ok: true, payload: result.data };
    return {
      ok: false,
      reason: result.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; '),
    };
  }
}
