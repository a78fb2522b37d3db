import type { INestApplication } from '@nestjs/common';
import type { NestMicroservice } from '@nestjs/microservices';
import { AmqpConsumerServer } from './amqp-consumer.server';
import { RethrowRpcFilter } from './rethrow-rpc.filter';

/** Attaches the service's message consumer to its HTTP app; `app.startAllMicroservices()` starts it. */
export function connectConsumer(app: INestApplication): AmqpConsumerServer {
  const consumer = app.get(AmqpConsumerServer);
  // Deferred, so that the filter is in place before Nest wraps the @EventPattern handlers.
  const microservice = app.connectMicroservice(
    { strategy: consumer },
    { inheritAppConfig: false, deferInitialization: true },
  );
  microservice.useGlobalFilters(new RethrowRpcFilter());
  // The app runs the lifecycle hooks; without this the deferred microservice would run them a second
  // time (two outbox relays per instance). Nest does the same for a microservice it does not defer.
  (microservice as NestMicroservice).setIsInitHookCalled(true);
  return consumer;
}
