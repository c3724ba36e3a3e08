import type { StationView } from '../../shared/station.ts';
import { api } from './api.ts';
import type { AdminContext } from './context.ts';
import { h, replace } from './dom.ts';

/** Stations: live counts, capacity, pause/resume and whether the queue is joined from phones (organisers). */
export function stationsView(ctx: AdminContext): HTMLElement {
  const { t } = ctx;
  const body = h('tbody');
  const patch: Patch = async (id, change) => {
    try {
      await api('PATCH', `/api/stations/${encodeURIComponent(id)}`, change);
      await load();
    } catch (err) {
      ctx.fail(err);
    }
  };
  const load = async (): Promise<void> => {
    let stations: StationView[];
    try {
      stations = await api<StationView[]>('GET', '/api/stations');
    } catch (err) {
      ctx.fail(err);
      return;
    }
    replace(
      body,
      ...stations.map((s) => stationRow(ctx, s, patch)),
    );
  };
  void load();
  return h(
    'section',
    {},
    h('h1', {}, t.stations.heading),
    h(
      'table',
      { class: 'list' },
      h(
        'thead',
        {},
        h('tr', {}, h('th', {}, t.stations.station), h('th', { class: 'num' }, t.stations.occupancy), h('th', { class: 'num' }, t.stations.queue), h('th', {}, t.stations.status), h('th', { class: 'center', title: t.stations.remoteQueueHint }, t.stations.remoteQueue), h('th', {}, t.stations.capacity), h('th', {})),
      ),
      body,
    ),
  );
}

type Patch = (id: string, change: { capacity?: number; status?: 'open' | 'paused'; remoteQueue?: boolean }) => Promise<void>;

/** One station's row: its counts, status, phone queue switch, capacity form and pause button. */
function stationRow(ctx: AdminContext, s: StationView, patch: Patch): HTMLElement {
  const { t, lang } = ctx;
  const capacity = h('input', { type: 'number', min: 1, value: String(s.capacity), class: 'capacity', 'aria-label': `${t.stations.capacity}: ${s.name[lang]}` });
  const remote = h('input', {
    type: 'checkbox',
    class: 'remote-queue',
    title: t.stations.remoteQueueHint,
    'aria-label': `${t.stations.remoteQueue}: ${s.name[lang]}`,
    onchange: () => void patch(s.id, { remoteQueue: remote.checked }),
  });
  remote.checked = s.remoteQueue;
  const full = s.capacity > 0 ? Math.min(100, Math.round((100 * s.occupancy) / s.capacity)) : 0;
  return h(
    'tr',
    { class: s.status === 'open' ? '' : 'muted', 'data-station': s.id },
    h('td', {}, h('b', {}, s.name[lang]), h('div', { class: 'hint' }, s.host)),
    h('td', { class: 'num' }, `${s.occupancy} / ${s.capacity}`, h('div', { class: 'bar' }, h('span', { style: `width:${full}%` }))),
    h('td', { class: 'num' }, s.queue),
    h('td', {}, h('span', { class: s.status === 'open' ? 'pill ok' : 'pill warn' }, t.stations.statuses[s.status])),
    h('td', { class: 'center' }, h('label', { class: 'remote-queue' }, remote)),
    h(
      'td',
      {},
      h(
        'form',
        {
          class: 'inline',
          onsubmit: (e: Event) => {
            e.preventDefault();
            void patch(s.id, { capacity: Number(capacity.value) });
          },
        },
        capacity,
        h('button', { type: 'submit' }, t.stations.save),
      ),
    ),
    h(
      'td',
      {},
      s.status !== 'closed' &&
        h(
          'button',
          { type: 'button', class: s.status === 'open' ? 'warn' : 'primary', onclick: () => void patch(s.id, { status: s.status === 'open' ? 'paused' : 'open' }) },
          s.status === 'open' ? t.stations.pause : t.stations.resume,
        ),
    ),
  );
}
