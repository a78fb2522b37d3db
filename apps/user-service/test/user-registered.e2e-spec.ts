// user.registered as other services see it on the exchange: once per registration, with the contact details.
import amqplib, { Channel, ChannelModel } from 'amqplib';
import { eventually } from '@evently/testing/eventually';
import { stackEnv } from '@evently/testing/stack';
import { register } from './auth.helpers';

describe('user.registered on the exchange', () => {
  let connection: ChannelModel;
  let channel: Channel;
  const seen: { email: string; messageId: string }[] = [];

  beforeAll(async () => {
    connection = await amqplib.connect(stackEnv('EVENTLY_RABBITMQ_URL'));
    channel = await connection.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, 'evently.events', 'user.registered');
    await channel.consume(
      queue,
      (m) => {
        if (m)
          seen.push({
            email: JSON.parse(m.content.toString()).payload.email,
            messageId: String(m.properties.messageId),
          });
      },
      { noAck: true },
    );
  });
  afterAll(() => connection?.close());

  it('appears exactly once per registration, with the contact details', async () => {
    const users = [await register(), await register(), await register()];
    await eventually(
      () => (users.every((u) => seen.some((s) => s.email === u.email)) ? true : undefined),
      15000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500)); // a duplicate publish would show up by now
    for (const user of users) expect(seen.filter((s) => s.email === user.email)).toHaveLength(1);
  });
});
