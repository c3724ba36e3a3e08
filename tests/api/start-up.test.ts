import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, tempDir } from '../support/app.ts';
import { freePort, RUN_SERVER_MS, runServer as run } from '../support/server-process.ts';

const runServer = (env: Record<string, string>) => run({ LOG_LEVEL: 'fatal', ADMIN_TOKEN, ...env });

// Each test starts a server process, which may take most of RUN_SERVER_MS on a loaded machine.
describe('a server that cannot start', { timeout: RUN_SERVER_MS + 10_000 }, () => {
  const dir = tempDir();
  afterEach(() => dir.remove());

  it('says that Redis cannot be reached, names REDIS_URL and does not print its password', async () => {
    const port = await freePort();
    const r = await runServer({ DATA_DIR: dir.dir, PORT: '0', REDIS_URL: `redis://kezek:secret-password@127.0.0.1:${port}` });
    expect(r.code).toBe(1);
    expect(r.output).toContain(`Kezek cannot start: Redis at redis://127.0.0.1:${port} (REDIS_URL) cannot be reached`);
    expect(r.output).not.toContain('secret-password');
  });

  it('says that PostgreSQL cannot be reached, names DATABASE_URL and does not print its password', async () => {
    const port = await freePort();
    const r = await runServer({ DATA_DIR: dir.dir, PORT: '0', DATABASE_URL: `postgres://kezek:secret-password@127.0.0.1:${port}/kezek` });
    expect(r.code).toBe(1);
    expect(r.output).toContain(`Kezek cannot start: PostgreSQL at postgres://kezek@127.0.0.1:${port}/kezek (DATABASE_URL) cannot be reached`);
    expect(r.output).toContain('leave DATABASE_URL unset');
    expect(r.output).not.toContain('secret-password');
  });

  it('says that DATABASE_URL is not a PostgreSQL URL', async () => {
    const r = await runServer({ DATA_DIR: dir.dir, PORT: '0', DATABASE_URL: 'mysql://root:secret-password@127.0.0.1/kezek' });
    expect(r.code).toBe(1);
    expect(r.output).toContain('Kezek cannot start: DATABASE_URL must be a PostgreSQL URL (postgres://…), got one for mysql');
    expect(r.output).not.toContain('secret-password');
  });

  it('says that its port is in use and names PORT', async () => {
    const taken = createServer();
    const port = await new Promise<number>((resolve) => taken.listen(0, '127.0.0.1', () => resolve((taken.address() as { port: number }).port)));
    try {
      const r = await runServer({ DATA_DIR: dir.dir, PORT: String(port) });
      expect(r.code).toBe(1);
      expect(r.output).toContain(`Kezek cannot start: port ${port} on 127.0.0.1 is in use by another program; stop it or set PORT to another port`);
    } finally {
      taken.close();
    }
  });

  it('says that the machine has no such address and names HOST', async () => {
    // 203.0.113.0/24 is kept for documentation: no machine has it.
    const r = await runServer({ DATA_DIR: dir.dir, PORT: '0', HOST: '203.0.113.77' });
    expect(r.code).toBe(1);
    expect(r.output).toContain('Kezek cannot start: this machine has no address 203.0.113.77; set HOST to one of its addresses, or 0.0.0.0');
  });
});
