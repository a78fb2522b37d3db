import { Module } from '@nestjs/common';
import { EventReplicaRepository } from './event-replica.repository';
import { EventReplica } from './event-replica.service';

@Module({ providers: [EventReplica, EventReplicaRepository], exports: [EventReplica] })
export class EventReplicaModule {}
