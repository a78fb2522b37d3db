// The floor of a signed-in read for `npm run bench`, started in a process of its own: Fastify and pg with
// nothing else (no Nest, no token check, no validation, no log), answering GET /bookings with the query
// booking-service runs for `GET /bookings?limit=1`. Whatever a service adds to a database read costs on top
// of this; the bench shows both beside the bare Node server. Prints its port. Reads PG* from the environment.
import Fastify from 'fastify';
import { Pool } from 'pg';

const pool = new Pool({ max: 10 });
const app = Fastify();
app.get('/bookings', async () => {
  const { rows } = await pool.query(
    `SELECT * FROM bookings WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT 2`,
    [process.env.FLOOR_USER_ID],
  );
  return { items: rows.slice(0, 1), nextCursor: null };
});
app.listen({ port: 0, host: '127.0.0.1' }).then(
  () => {
    const address = app.server.address();
    console.log(typeof address === 'object' && address ? address.port : 0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
