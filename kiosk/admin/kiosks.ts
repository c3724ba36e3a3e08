import type { StationView } from '../../shared/station.ts';
import { api } from './api.ts';
import type { AdminContext } from './context.ts';
import { field, h, replace } from './dom.ts';

type KioskRow = { id: string; station: string; label: string; createdAt: string; revokedAt: string | null; lastSeenAt?: string | null };
type KioskCreated = { id: string; station: string; token: string; pairingCode?: string; pairingExpiresAt?: string };

/** Kiosks: create one for a station (pairing code and QR), list, revoke. */
export function kiosksView(ctx: AdminContext): HTMLElement {
  const { t, lang } = ctx;
  const station = h('select', { id: 'kiosk-station' });
  const label = h('input', { id: 'kiosk-label', maxLength: 80, autocomplete: 'off' });
  const created = h('div', { class: 'created', 'aria-live': 'polite' });
  const body = h('tbody');
  let names = new Map<string, string>();

  const showPairing = (k: { id: string; pairingCode?: string; token?: string }): void => {
    replace(
      created,
      h(
        'div',
        { class: 'card pairing' },
        h('h2', {}, `${t.kiosks.created}: ${names.get(k.id) ?? ''}`),
        k.pairingCode
          ? h(
              'div',
              { class: 'pairing-body' },
              h('img', { src: `/api/kiosks/${k.id}/pairing-qr.svg`, alt: t.kiosks.pairingCode, width: 180, height: 180 }),
              h('div', {}, h('div', { class: 'label' }, t.kiosks.pairingCode), h('div', { class: 'code', id: 'pairing-code' }, k.pairingCode)),
            )
          : h('div', {}, h('div', { class: 'label' }, t.kiosks.token), h('code', { class: 'token' }, k.token ?? ''), h('p', { class: 'hint' }, t.kiosks.tokenHint)),
      ),
    );
  };

  const load = async (): Promise<void> => {
    try {
      const [stations, kiosks] = await Promise.all([api<StationView[]>('GET', '/api/stations'), api<KioskRow[]>('GET', '/api/kiosks')]);
      names = new Map(stations.map((s) => [s.id, s.name[lang]]));
      if (station.options.length === 0) replace(station, ...stations.map((s) => h('option', { value: s.id }, s.name[lang])));
      replace(
        body,
        ...kiosks.map((k) =>
          h(
            'tr',
            { class: k.revokedAt ? 'muted' : '' },
            h('td', {}, names.get(k.station) ?? k.station),
            h('td', {}, k.label),
            h('td', {}, new Date(k.createdAt).toLocaleString(lang)),
            h('td', {}, k.lastSeenAt ? new Date(k.lastSeenAt).toLocaleTimeString(lang) : '—'),
            h('td', {}, h('span', { class: k.revokedAt ? 'pill bad' : 'pill ok' }, k.revokedAt ? t.kiosks.revoked : t.kiosks.active)),
            h(
              'td',
              {},
              !k.revokedAt &&
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'danger',
                    onclick: async () => {
                      if (!confirm(t.kiosks.revokeConfirm)) return;
                      try {
                        await api('DELETE', `/api/kiosks/${k.id}`);
                        await load();
                      } catch (err) {
                        ctx.fail(err);
                      }
                    },
                  },
                  t.kiosks.revoke,
                ),
            ),
          ),
        ),
      );
    } catch (err) {
      ctx.fail(err);
    }
  };

  const form = h(
    'form',
    {
      class: 'card inline-form',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        try {
          const k = await api<KioskCreated>('POST', '/api/kiosks', { station: station.value, ...(label.value.trim() ? { label: label.value.trim() } : {}) });
          names.set(k.id, names.get(k.station) ?? k.station);
          showPairing(k);
          label.value = '';
          await load();
        } catch (err) {
          ctx.fail(err);
        }
      },
    },
    field(t.kiosks.station, station),
    field(t.kiosks.label, label),
    h('button', { type: 'submit', class: 'primary' }, t.kiosks.create),
  );
  void load();
  return h(
    'section',
    {},
    h('h1', {}, t.kiosks.heading),
    form,
    created,
    h(
      'table',
      { class: 'list' },
      h('thead', {}, h('tr', {}, h('th', {}, t.kiosks.station), h('th', {}, t.kiosks.label), h('th', {}, t.kiosks.createdAt), h('th', {}, t.kiosks.lastSeen), h('th', {}), h('th', {}))),
      body,
    ),
  );
}
