import WebSocket from 'ws';

/**
 * The heap a server process started with `--inspect=127.0.0.1:0` uses after a full garbage
 * collection, asked through its inspector (the address it printed in `output`): no test-only
 * code in the server.
 */
export async function heapAfterGc(output: string): Promise<number> {
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1];
  if (!url) throw new Error(`the server printed no inspector address: ${output}`);
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let id = 0;
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const mine = ++id;
      const onMessage = (data: WebSocket.RawData) => {
        const m = JSON.parse(String(data)) as { id?: number; result?: Record<string, unknown>; error?: unknown };
        if (m.id !== mine) return;
        ws.off('message', onMessage);
        if (m.error) reject(new Error(JSON.stringify(m.error)));
        else resolve(m.result ?? {});
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id: mine, method, params }));
    });
  try {
    // Twice: what the first collection frees by finalizers goes in the second.
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const r = await call('Runtime.evaluate', { expression: 'process.memoryUsage().heapUsed', returnByValue: true });
    return (r.result as { value: number }).value;
  } finally {
    ws.close();
  }
}
