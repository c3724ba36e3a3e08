import type { FastifyInstance } from 'fastify';
import type { Nsp } from './io-types.ts';

/**
 * Gauges of the live pages and kiosks, read at each scrape: sockets connected to this process by
 * namespace, and kiosks in service whose last heartbeat is older than `silentMs` (the board's
 * `kiosk_silent` alert).
 */
export function realtimeMetrics(app: FastifyInstance, namespaces: Nsp[], silentMs: number): void {
  app.metrics.gauge('kezek_sockets', 'Socket.IO connections to this process, by namespace', ['namespace'], (set) => {
    for (const nsp of namespaces) set({ namespace: nsp.name }, nsp.sockets.size);
  });
  app.metrics.gauge('kezek_kiosks_silent', `Kiosks in service whose last heartbeat is ${silentMs / 1000} s old or older (the board's kiosk_silent alert)`, [], async (set) => {
    const now = Date.now();
    const kiosks = await app.kioskHealth.list();
    set({}, kiosks.filter((k) => k.lastSeenAt !== null && now - Date.parse(k.lastSeenAt) >= silentMs).length);
  });
}
