import { BROKER_STATUS } from '@evently/common';
import { Global, Module } from '@nestjs/common';
import { BrokerConnection } from './broker-connection';

@Global()
@Module({
  providers: [BrokerConnection, { provide: BROKER_STATUS, useExisting: BrokerConnection }],
  exports: [BrokerConnection, BROKER_STATUS],
})
export class MessagingModule {}
