/**
 * Summarises a V8 .cpuprofile of the scan server: where the time goes by package, the top
 * functions by self time, and the project's own functions (server/, shared/) by inclusive time.
 * Usage: `npx tsx bench/scan-profile.ts <file.cpuprofile>`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function where(url: string, root: string): { file: string; area: string } {
  let file = url.replace(/^file:\/\//, '');
  if (file.startsWith(root)) file = file.slice(root.length).replace(/^\//, '');
  if (!url) return { file: '', area: '(native/VM)' };
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (pkg) return { file: file.slice(file.lastIndexOf('node_modules/') + 13), area: pkg[1] };
  if (file.startsWith('node:')) return { file, area: 'node core' };
  const top = file.split('/')[0];
  return { file, area: ['server', 'shared', 'bench', 'tests', 'build'].includes(top) ? `${file.split('/').slice(0, top === 'build' ? 2 : 1).join('/')}/ (ours)` : file };
}

const pct = (v: number, total: number) => `${((100 * v) / total).toFixed(1)}%`;

export function summariseProfile(path: string, root: string): string {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: ProfileNode) => {
    const { file } = where(n.callFrame.url, root);
    return `${n.callFrame.functionName || '(anonymous)'} ${file ? `${file}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id)!;
    const name = node.callFrame.functionName;
    if (name === '(idle)') {
      idle += dt;
      return;
    }
    total += dt;
    const k = key(node);
    self.set(k, (self.get(k) ?? 0) + dt);
    const area = name === '(garbage collector)' || name === '(program)' ? name : where(node.callFrame.url, root).area;
    areas.set(area, (areas.get(area) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at)!;
      if (!/^(build\/)?(server|shared)\//.test(where(n.callFrame.url, root).file)) continue;
      const nk = key(n);
      if (seen.has(nk)) continue;
      seen.add(nk);
      inclusive.set(nk, (inclusive.get(nk) ?? 0) + dt);
    }
  });
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `| ${pct(v, total)} | \`${k}\` |`)
      .join('\n');
  return [
    `Busy ${(total / 1e6).toFixed(2)} s, idle ${(idle / 1e6).toFixed(2)} s (percentages are of busy time).`,
    '',
    '| self | area |',
    '|---:|---|',
    top(areas, 14),
    '',
    '| self | function |',
    '|---:|---|',
    top(self, 25),
    '',
    '| inclusive | our function (server/, shared/) |',
    '|---:|---|',
    top(inclusive, 30),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: tsx bench/scan-profile.ts <file.cpuprofile>');
  console.log(summariseProfile(file, fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '')));
}
