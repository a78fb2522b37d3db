// The test stack's RabbitMQ as an operator sees it: the management API of its first node (queues, their
// type, members and leader, and the cluster's nodes).
import amqplib from 'amqplib';
import { stackEnv } from './stack';

export interface QueueState {
  name: string;
  type: string;
  messages?: number;
  policy?: string | null;
  arguments: Record<string, unknown>;
  /** Quorum queues: the node leading it, and the nodes holding a replica (`members`). */
  leader?: string;
  node?: string;
  members?: string[];
  online?: string[];
}

export interface NodeState {
  name: string;
  running: boolean;
  partitions: string[];
}

function headers(): Record<string, string> {
  const auth = Buffer.from(`${stackEnv('EVENTLY_RABBIT_USER')}:${stackEnv('EVENTLY_RABBIT_PASS')}`);
  return { authorization: `Basic ${auth.toString('base64')}` };
}

/** The management API of each node (node i: node 1's port + 100 x (i - 1), as scripts/stack.sh sets it). */
function managementUrls(): string[] {
  const first = new URL(stackEnv('EVENTLY_RABBIT_MGMT_URL'));
  return Array.from({ length: rabbitNodes() }, (_, i) => {
    const url = new URL(first);
    url.port = String(Number(first.port) + 100 * i);
    return url.origin;
  });
}

/** GET on the first node that answers (a drill may have killed node 1). */
async function get<T>(path: string): Promise<T | undefined> {
  let failure: unknown;
  for (const base of managementUrls()) {
    try {
      const res = await fetch(`${base}/api${path}`, {
        headers: headers(),
        signal: AbortSignal.timeout(5_000),
      });
      if (res.status === 404) return undefined;
      if (res.ok) return (await res.json()) as T;
      failure = new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    } catch (error) {
      failure = error;
    }
  }
  throw failure;
}

export const queueState = (name: string) => get<QueueState>(`/queues/%2F/${encodeURIComponent(name)}`);

/**
 * Messages ready in a queue as the broker counts them now (a passive declare over AMQP, on the first node
 * that answers); the management API's figures lag by up to its statistics interval (5 s).
 */
export async function queueDepth(name: string): Promise<number> {
  let failure: unknown;
  for (const url of stackEnv('EVENTLY_RABBITMQ_URLS').split(',')) {
    const connection = await amqplib.connect(url).catch((error: unknown) => {
      failure = error;
      return undefined;
    });
    if (!connection) continue;
    try {
      const channel = await connection.createChannel();
      return (await channel.checkQueue(name)).messageCount;
    } finally {
      await connection.close().catch(() => undefined);
    }
  }
  throw failure;
}

/** Every queue of the stack's virtual host. */
export const queueStates = async () => (await get<QueueState[]>('/queues/%2F')) ?? [];

export const nodeStates = async () => (await get<NodeState[]>('/nodes')) ?? [];

/** How many nodes the stack's RabbitMQ runs (1 unless started with EVENTLY_RABBIT_NODES). */
export function rabbitNodes(): number {
  try {
    return Number(stackEnv('EVENTLY_RABBIT_NODES'));
  } catch {
    return 1;
  }
}

/** The stack's node number (1-based, as `scripts/stack.sh broker:kill <node>` takes it) of a node name. */
export function nodeNumber(name: string): number {
  const match = /^evently-[a-z0-9]+(?:-(\d+))?@/.exec(name);
  if (!match) throw new Error(`not a node of this stack: ${name}`);
  return match[1] ? Number(match[1]) : 1;
}
