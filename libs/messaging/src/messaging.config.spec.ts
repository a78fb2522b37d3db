import { brokerUrls, messagingConfigSchema } from './messaging.config';

const urlOf = (RABBITMQ_URL: string) => messagingConfigSchema.shape.RABBITMQ_URL.safeParse(RABBITMQ_URL);

describe('RABBITMQ_URL', () => {
  it('takes one node, or the nodes of a cluster comma-separated, tried in that order', () => {
    expect(urlOf('amqp://u:p@127.0.0.1:5673').success).toBe(true);
    const cluster = 'amqp://u:p@127.0.0.1:5673,amqp://u:p@127.0.0.1:5773,amqps://u:p@rabbit-3:5671/vhost';
    expect(urlOf(cluster).success).toBe(true);
    expect(brokerUrls({ RABBITMQ_URL: cluster })).toEqual([
      'amqp://u:p@127.0.0.1:5673',
      'amqp://u:p@127.0.0.1:5773',
      'amqps://u:p@rabbit-3:5671/vhost',
    ]);
  });

  it.each(['http://nope', 'amqp://a,,amqp://b', 'amqp://a, amqp://b', 'amqp://a,', ',amqp://a', 'amqp://'])(
    'refuses %j',
    (value) => {
      const parsed = urlOf(value);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0].message).toMatch(/^must be an amqp:\/\/ or amqps:\/\/ URL/);
    },
  );
});
