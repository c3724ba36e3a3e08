import { BATTERY_ALERT_LEVEL } from '../../shared/battery.ts';
import { NUMBER_LOCALES } from '../../shared/i18n.ts';
import type { StationView } from '../../shared/station.ts';
import { api, ApiRequestError } from './api.ts';
import type { AdminContext } from './context.ts';
import { field, h, replace } from './dom.ts';
import { viewedEventNote, viewedEventPath } from './event-choice.ts';

type KioskRow = { id: string; station: string; label: string; createdAt: string; revokedAt: string | null; lastSeenAt?: string | null; pending: number; battery?: { level: number; charging: boolean } | null };
type KioskCreated = { id: string; station: string; token: string; pairingCode?: string; pairingExpiresAt?: string };
type Pairing = { pairingCode: string; pairingExpiresAt: string };

type KioskName = { id: string; station: string; label: string };

/** "15 %", "80 % · charging", flagged when low and not charging; blank where the browser does not say. */
function batteryCell(ctx: AdminContext, b: KioskRow['battery']): HTMLElement | string {
  return b ? h('span', { class: !b.charging && b.level < BATTERY_ALERT_LEVEL ? 'pill warn' : '' }, `${Math.round(b.level * 100)} %${b.charging ? ` · ${ctx.t.kiosks.charging}` : ''}`) : '–';
}

/** Where a kiosk's pairing QR and code are shown: after it is made, or when asked for again. */
interface PairingPanel {
  el: HTMLElement;
  show(k: KioskName, pairing: Pairing | null, heading: string): void;
  /** Shows the kiosk's current code (or that it was used). */
  showCode(k: KioskName): Promise<void>;
}

function pairingPanel(ctx: AdminContext, base: string, title: (k: KioskName) => string): PairingPanel {
  const { t, lang } = ctx;
  const el = h('div', { class: 'created', 'aria-live': 'polite' });
  const qrAndCode = (k: KioskName, pairing: Pairing, renew: HTMLElement) =>
    h(
      'div',
      { class: 'pairing-body' },
      h('img', { src: `${base}/${k.id}/pairing-qr.svg?v=${Date.parse(pairing.pairingExpiresAt)}`, alt: t.kiosks.pairingCode, width: 180, height: 180 }),
      h(
        'div',
        {},
        h('div', { class: 'label' }, t.kiosks.pairingCode),
        h('div', { class: 'code', id: 'pairing-code' }, pairing.pairingCode),
        h('p', { class: 'hint' }, t.kiosks.validUntil(new Date(pairing.pairingExpiresAt).toLocaleString(NUMBER_LOCALES[lang]))),
        renew,
      ),
    );
  const show = (k: KioskName, pairing: Pairing | null, heading: string): void => {
    const renew = h('button', { type: 'button', id: 'pairing-renew', onclick: () => void newCode(k) }, t.kiosks.newCode);
    replace(
      el,
      h('div', { class: 'card pairing', id: `pairing-${k.id}` }, h('h2', {}, `${heading}: ${title(k)}`), pairing ? qrAndCode(k, pairing, renew) : h('div', {}, h('p', {}, t.kiosks.pairingUsed), renew)),
    );
    el.scrollIntoView({ block: 'nearest' });
  };
  const showCode = async (k: KioskName): Promise<void> => {
    try {
      show(k, await api<Pairing>('GET', `${base}/${k.id}/pairing-code`), t.kiosks.pairing);
    } catch (err) {
      if (err instanceof ApiRequestError && err.code === 'pairing_code_used') show(k, null, t.kiosks.pairing);
      else ctx.fail(err);
    }
  };
  const newCode = async (k: KioskName): Promise<void> => {
    try {
      show(k, await api<Pairing>('POST', `${base}/${k.id}/pairing-code`), t.kiosks.pairing);
    } catch (err) {
      ctx.fail(err);
    }
  };
  return { el, show, showCode };
}

/** One kiosk: its station, when it was last seen, scans it has not sent, its battery; a live one can pair again or be revoked. */
function kioskRow(ctx: AdminContext, k: KioskRow, stationName: string, act: { showCode(k: KioskRow): void; revoke(k: KioskRow): void }): HTMLTableRowElement {
  const { t, lang } = ctx;
  return h(
    'tr',
    { class: k.revokedAt ? 'muted' : '' },
    h('td', {}, stationName),
    h('td', {}, k.label),
    h('td', {}, k.lastSeenAt ? new Date(k.lastSeenAt).toLocaleTimeString(NUMBER_LOCALES[lang]) : t.kiosks.never),
    h('td', { class: 'num' }, h('span', { class: k.pending > 0 ? 'pill warn' : '' }, k.pending)),
    h('td', { class: 'num' }, batteryCell(ctx, k.battery)),
    h('td', {}, h('span', { class: k.revokedAt ? 'pill bad' : 'pill ok' }, k.revokedAt ? t.kiosks.revoked : t.kiosks.active)),
    h(
      'td',
      { class: 'row-actions' },
      !k.revokedAt && h('button', { type: 'button', class: 'show-pairing', onclick: () => act.showCode(k) }, t.kiosks.showPairing),
      !k.revokedAt && h('button', { type: 'button', class: 'danger', onclick: () => act.revoke(k) }, t.kiosks.revoke),
    ),
  );
}

/** Kiosks: create one for a station (pairing code and QR), list with last seen, unsent scans and battery, show or renew a pairing code, revoke. */
export function kiosksView(ctx: AdminContext): HTMLElement {
  const { t, lang } = ctx;
  const station = h('select', { id: 'kiosk-station' });
  const label = h('input', { id: 'kiosk-label', maxLength: 80, autocomplete: 'off' });
  const body = h('tbody');
  let names = new Map<string, string>();
  // The kiosks of the event the switcher shows: today's paths for the current one.
  const base = viewedEventPath('/api/kiosks', 'kiosks');
  const pairing = pairingPanel(ctx, base, (k) => [names.get(k.station) ?? k.station, k.label].filter(Boolean).join(' · '));

  const revoke = async (k: KioskRow): Promise<void> => {
    if (!confirm(t.kiosks.revokeConfirm)) return;
    try {
      await api('DELETE', `${base}/${k.id}`);
      await load();
    } catch (err) {
      ctx.fail(err);
    }
  };
  const act = { showCode: (k: KioskRow) => void pairing.showCode(k), revoke: (k: KioskRow) => void revoke(k) };
  const load = async (): Promise<void> => {
    try {
      const [stations, kiosks] = await Promise.all([api<Array<Pick<StationView, 'id' | 'name'>>>('GET', viewedEventPath('/api/stations', 'stations')), api<KioskRow[]>('GET', base)]);
      names = new Map(stations.map((s) => [s.id, s.name[lang]]));
      if (station.options.length === 0) replace(station, ...stations.map((s) => h('option', { value: s.id }, s.name[lang])));
      replace(body, ...kiosks.map((k) => kioskRow(ctx, k, names.get(k.station) ?? k.station, act)));
    } catch (err) {
      ctx.fail(err);
    }
  };
  const create = async (e: Event): Promise<void> => {
    e.preventDefault();
    try {
      const k = await api<KioskCreated>('POST', base, { station: station.value, ...(label.value.trim() ? { label: label.value.trim() } : {}) });
      if (k.pairingCode && k.pairingExpiresAt) pairing.show({ ...k, label: label.value.trim() }, { pairingCode: k.pairingCode, pairingExpiresAt: k.pairingExpiresAt }, t.kiosks.created);
      label.value = '';
      await load();
    } catch (err) {
      ctx.fail(err);
    }
  };

  const form = h(
    'form',
    { class: 'card inline-form', onsubmit: create },
    field(t.kiosks.station, station),
    field(t.kiosks.label, label),
    h('button', { type: 'submit', class: 'primary' }, t.kiosks.create),
  );
  void load();
  return h(
    'section',
    {},
    h('h1', {}, t.kiosks.heading),
    viewedEventNote('kiosks-event', lang, t.kiosks.viewing),
    form,
    pairing.el,
    h(
      'table',
      { class: 'list' },
      h('thead', {}, h('tr', {}, h('th', {}, t.kiosks.station), h('th', {}, t.kiosks.label), h('th', {}, t.kiosks.lastSeen), h('th', { class: 'num' }, t.kiosks.pending), h('th', { class: 'num' }, t.kiosks.battery), h('th', {}), h('th', {}))),
      body,
    ),
  );
}
