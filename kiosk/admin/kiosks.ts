import { BATTERY_ALERT_LEVEL } from '../../shared/battery.ts';
import type { StationView } from '../../shared/station.ts';
import { api, ApiRequestError } from './api.ts';
import type { AdminContext } from './context.ts';
import { field, h, replace } from './dom.ts';

type KioskRow = { id: string; station: string; label: string; createdAt: string; revokedAt: string | null; lastSeenAt?: string | null; pending: number; battery?: { level: number; charging: boolean } | null };
type KioskCreated = { id: string; station: string; token: string; pairingCode?: string; pairingExpiresAt?: string };
type Pairing = { pairingCode: string; pairingExpiresAt: string };

/** Kiosks: create one for a station (pairing code and QR), list with last seen, unsent scans and battery, show or renew a pairing code, revoke. */
export function kiosksView(ctx: AdminContext): HTMLElement {
  const { t, lang } = ctx;
  const station = h('select', { id: 'kiosk-station' });
  const label = h('input', { id: 'kiosk-label', maxLength: 80, autocomplete: 'off' });
  const created = h('div', { class: 'created', 'aria-live': 'polite' });
  const body = h('tbody');
  let names = new Map<string, string>();

  /** "15 %", "80 % · charging", flagged when low and not charging; blank where the browser does not say. */
  const battery = (b: KioskRow['battery']) =>
    b ? h('span', { class: !b.charging && b.level < BATTERY_ALERT_LEVEL ? 'pill warn' : '' }, `${Math.round(b.level * 100)} %${b.charging ? ` · ${t.kiosks.charging}` : ''}`) : '–';
  const title = (k: { station: string; label: string }): string => [names.get(k.station) ?? k.station, k.label].filter(Boolean).join(' · ');

  /** The pairing QR and code of a kiosk, with a button that makes a new code. */
  const showPairing = (k: { id: string; station: string; label: string }, pairing: Pairing | null, heading: string): void => {
    const renew = h('button', { type: 'button', id: 'pairing-renew', onclick: () => void newCode(k) }, t.kiosks.newCode);
    replace(
      created,
      h(
        'div',
        { class: 'card pairing', id: `pairing-${k.id}` },
        h('h2', {}, `${heading}: ${title(k)}`),
        pairing
          ? h(
              'div',
              { class: 'pairing-body' },
              h('img', { src: `/api/kiosks/${k.id}/pairing-qr.svg?v=${Date.parse(pairing.pairingExpiresAt)}`, alt: t.kiosks.pairingCode, width: 180, height: 180 }),
              h(
                'div',
                {},
                h('div', { class: 'label' }, t.kiosks.pairingCode),
                h('div', { class: 'code', id: 'pairing-code' }, pairing.pairingCode),
                h('p', { class: 'hint' }, t.kiosks.validUntil(new Date(pairing.pairingExpiresAt).toLocaleString(lang))),
                renew,
              ),
            )
          : h('div', {}, h('p', {}, t.kiosks.pairingUsed), renew),
      ),
    );
    created.scrollIntoView({ block: 'nearest' });
  };
  const showCode = async (k: KioskRow): Promise<void> => {
    try {
      showPairing(k, await api<Pairing>('GET', `/api/kiosks/${k.id}/pairing-code`), t.kiosks.pairing);
    } catch (err) {
      if (err instanceof ApiRequestError && err.code === 'pairing_code_used') showPairing(k, null, t.kiosks.pairing);
      else ctx.fail(err);
    }
  };
  const newCode = async (k: { id: string; station: string; label: string }): Promise<void> => {
    try {
      showPairing(k, await api<Pairing>('POST', `/api/kiosks/${k.id}/pairing-code`), t.kiosks.pairing);
    } catch (err) {
      ctx.fail(err);
    }
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
            h('td', {}, k.lastSeenAt ? new Date(k.lastSeenAt).toLocaleTimeString(lang) : t.kiosks.never),
            h('td', { class: 'num' }, h('span', { class: k.pending > 0 ? 'pill warn' : '' }, k.pending)),
            h('td', { class: 'num' }, battery(k.battery)),
            h('td', {}, h('span', { class: k.revokedAt ? 'pill bad' : 'pill ok' }, k.revokedAt ? t.kiosks.revoked : t.kiosks.active)),
            h(
              'td',
              { class: 'row-actions' },
              !k.revokedAt && h('button', { type: 'button', class: 'show-pairing', onclick: () => void showCode(k) }, t.kiosks.showPairing),
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
          if (k.pairingCode && k.pairingExpiresAt) showPairing({ ...k, label: label.value.trim() }, { pairingCode: k.pairingCode, pairingExpiresAt: k.pairingExpiresAt }, t.kiosks.created);
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
      h('thead', {}, h('tr', {}, h('th', {}, t.kiosks.station), h('th', {}, t.kiosks.label), h('th', {}, t.kiosks.lastSeen), h('th', { class: 'num' }, t.kiosks.pending), h('th', { class: 'num' }, t.kiosks.battery), h('th', {}), h('th', {}))),
      body,
    ),
  );
}
