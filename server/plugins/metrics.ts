import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

/** Seconds: from half a millisecond (an in-process scan) to a few seconds (a stalled disk or Redis). */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * The process's own figures (event-loop lag, garbage collection, heap, RSS, CPU): one registry for
 * the process, however many apps it runs (the tests run many), collected once.
 */
let processMetrics: Registry | null = null;
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics, eventLoopMonitoringPrecision: 20 });
  }
  return processMetrics;
}

/** Sets a gauge's values for one scrape: `set(labels, value)` for each series. */
export type GaugeCollect<L extends string> = (set: (labels: Partial<Record<L, string>>, value: number) => void) => Promise<void> | void;

/**
 * The server's metrics in the Prometheus text format (prom-client), served at `/metrics`: what the
 * plugins count and time, gauges read when scraped, and the process's default metrics.
 */
export class Metrics {
  readonly registry = new Registry();
  /** Scans answered, by outcome and refusal reason. */
  readonly scans = new Counter({ name: 'kezek_scans_total', help: 'Scans answered, by outcome', labelNames: ['outcome', 'reason'] as const, registers: [this.registry] });
  /** Time in the server from a scan's request to its answer (durable), by live store and outcome. */
  readonly scanSeconds = new Histogram({
    name: 'kezek_scan_duration_seconds',
    help: 'Time in the server from a scan request to its answer, the scan durable, by live store and outcome',
    labelNames: ['store', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  /** Time a change waits for the commit of its group (in-process: the log's group commit; Redis: the commit round trip of a group). */
  readonly commitSeconds = new Histogram({
    name: 'kezek_commit_duration_seconds',
    help: 'Group commits of the live state: in-process, the time a change waits for its group to be committed to the log; Redis, the round trip of a group commit',
    labelNames: ['store'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly connectionsRefused = new Counter({
    name: 'kezek_connections_refused_total',
    help: 'Connections closed as they came, by why',
    labelNames: ['why'] as const,
    registers: [this.registry],
  });

  /** A gauge whose values are read at each scrape. */
  gauge<L extends string>(name: string, help: string, labelNames: readonly L[], collect: GaugeCollect<L>): void {
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        await collect((labels, value) => this.set(labels, value));
      },
    });
  }

  /** Content type of `render`'s text. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric, the process's first. */
  async render(): Promise<string> {
    return `${await processRegistry().metrics()}\n${await this.registry.metrics()}`;
  }
}

export default fp(
  async (app) => {
    app.decorate('metrics', new Metrics());
  },
  { name: 'metrics' },
);
