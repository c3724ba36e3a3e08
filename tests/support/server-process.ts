import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { RAISED_LIMITS } from './app.ts';

/**
 * Ports freePort() draws from: below Linux's ephemeral range (32768–60999), so no connection's
 * own port takes one between the probe and the server listening on it, as port 0's could.
 */
const PORTS = { from: 20_000, to: 32_000 };
/** Ports this process has handed out: never handed out twice. */
const handedOut = new Set<number>();

/** Whether a port is free on 127.0.0.1 now (listening on it succeeds). */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A free TCP port on 127.0.0.1, drawn at random outside the ephemeral range and not handed out before by this process. */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 200; tries++) {
    const port = PORTS.from + Math.floor(Math.random() * (PORTS.to - PORTS.from));
    if (handedOut.has(port) || !(await isFree(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port between ${PORTS.from} and ${PORTS.to}`);
}

/**
 * Spawns `server/main.ts` in a process of its own (node --import tsx, so a signal reaches the
 * server itself), with `nodeArgs` given to Node, gathering what it prints.
 */
export function spawnServer(env: Record<string, string>, nodeArgs: string[] = []): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/main.ts'], {
    // The shared test Redis keeps no append-only file: volatile unless the test says otherwise (see testConfig).
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', REDIS_DURABILITY: 'volatile', ...RAISED_LIMITS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out };
}

/**
 * How long a server run by `runServer` may take to exit: loading the server's modules through tsx
 * alone took 8–12 s on the shared test machine under load, and up to a minute when it was overloaded.
 */
export const RUN_SERVER_MS = 90_000;

/** Runs `server/main.ts` until it exits (killed after RUN_SERVER_MS); its exit code and everything it printed. */
export function runServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const { child, output } = spawnServer(env);
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_SERVER_MS);
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output: output() });
    });
  });
}

/** Runs `server/main.ts` and waits until it answers `/health`. */
export async function startServer(env: Record<string, string>, nodeArgs: string[] = []): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const port = env.PORT ?? String(await freePort());
  const { child, output } = spawnServer({ ...env, PORT: port }, nodeArgs);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output()}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return { child, url, output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start: ${output()}`);
}

/** Stops a server process and waits for it to be gone. */
export function stopServer(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
