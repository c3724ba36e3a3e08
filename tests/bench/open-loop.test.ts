import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLoop } from '../../bench/open-loop.ts';

// The benchmark's open-loop client against a real Fastify server: what it sends arrives, what
// comes back is counted per target, and the targets take turns in windows.
describe('open-loop load generator', () => {
  let app: FastifyInstance;
  let port: number;
  const seen: Array<{ path: string; body: unknown; auth?: string }> = [];

  beforeAll(async () => {
    app = Fastify();
    app.post('/a', async (req) => {
      seen.push({ path: '/a', body: req.body, auth: req.headers.authorization });
      return { ok: true, padding: 'x'.repeat(5000) };
    });
    app.post('/b', async (req, reply) => {
      seen.push({ path: '/b', body: req.body });
      await new Promise((r) => setTimeout(r, 20));
      return reply.code(409).send({ error: 'taken' });
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as { port: number }).port;
  });
  afterAll(() => app.close());

  it('sends every planned request, in turns, and counts each answer under its target', async () => {
    let n = 0;
    const [a, b] = await openLoop(
      [
        { path: '/a', make: () => ({ body: JSON.stringify({ n: n++, name: 'Әлия' }), authorization: 'Bearer k1' }) },
        { path: '/b', make: () => ({ body: '{}' }) },
      ],
      { port, rate: 200, seconds: 0.5, window: 0.25, connections: 8 },
    );
    expect(a.times).toHaveLength(100);
    expect(b.times).toHaveLength(100);
    expect(a.status).toEqual({ 200: 100 });
    expect(b.status).toEqual({ 409: 100 });
    expect(a.errors + a.timeouts + b.errors + b.timeouts).toBe(0);
    expect(a.seconds).toBe(0.5);
    // /b answers after 20 ms (timers fire to the millisecond), and its latency counts from the planned send time.
    expect(Math.min(...b.times)).toBeGreaterThanOrEqual(18);
    // Each body made arrives once and whole (UTF-8 included) with its header. (Over several
    // sockets, two sent 5 ms apart may arrive the other way round on a busy machine.)
    const bodies = seen.filter((s) => s.path === '/a');
    expect(bodies.map((s) => (s.body as { n: number }).n).sort((x, y) => x - y)).toEqual([...Array(100).keys()]);
    expect(bodies.every((s) => (s.body as { name: string }).name === 'Әлия' && s.auth === 'Bearer k1')).toBe(true);
    // Windows of 50 requests: /a, /b, /a, /b (away from where one window hands over to the next).
    const order = seen.map((s) => s.path);
    const window = (from: number) => [...new Set(order.slice(from + 10, from + 40))];
    expect([window(0), window(50), window(100), window(150)]).toEqual([['/a'], ['/b'], ['/a'], ['/b']]);
  });

  it('counts a request as failed when its socket closes before the answer', async () => {
    const broken = Fastify();
    broken.post('/x', async (req) => {
      req.raw.socket.destroy();
      return {};
    });
    await broken.listen({ host: '127.0.0.1', port: 0 });
    try {
      const [x] = await openLoop([{ path: '/x', make: () => ({ body: '{}' }) }], {
        port: (broken.server.address() as { port: number }).port,
        rate: 100,
        seconds: 0.1,
        connections: 2,
      });
      expect(x.times).toHaveLength(0);
      expect(x.errors).toBe(10);
    } finally {
      await broken.close();
    }
  });
});
