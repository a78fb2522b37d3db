/** What the health check needs to know of the broker connection (implemented by libs/messaging). */
export interface BrokerStatus {
  isConnected(): boolean;
}

export const BROKER_STATUS = Symbol('BROKER_STATUS');
