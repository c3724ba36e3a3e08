import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

/** Counters and gauges in the Prometheus text format; gauges are read when scraped. */
export class Metrics {
  private readonly counters = new Map<string, { help: string; values: Map<string, number> }>();
  private readonly gauges: Array<() => Promise<string>> = [];

  count(name: string, help: string, labels: Record<string, string> = {}): void {
    let c = this.counters.get(name);
    if (!c) this.counters.set(name, (c = { help, values: new Map() }));
    const key = Object.entries(labels)
      .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`)
      .join(',');
    c.values.set(key, (c.values.get(key) ?? 0) + 1);
  }

  /** A gauge family rendered at scrape time. */
  gauge(render: () => Promise<string>): void {
    this.gauges.push(render);
  }

  async render(): Promise<string> {
    const out: string[] = [];
    for (const [name, c] of this.counters) {
      out.push(`# HELP ${name} ${c.help}`, `# TYPE ${name} counter`);
      for (const [labels, v] of c.values) out.push(`${name}${labels ? `{${labels}}` : ''} ${v}`);
    }
    for (const g of this.gauges) out.push(await g());
    const mem = process.memoryUsage();
    out.push('# TYPE process_resident_memory_bytes gauge', `process_resident_memory_bytes ${mem.rss}`);
    return `${out.join('\n')}\n`;
  }
}

export default fp(
  async (app) => {
    app.decorate('metrics', new Metrics());
  },
  { name: 'metrics' },
);
