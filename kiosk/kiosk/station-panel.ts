import type { StationCounts } from '../../shared/scan.ts';
import { tourOffer, type StationView } from '../../shared/station.ts';
import { TapIds, type KeptTap } from '../../shared/tap-ids.ts';
import { call } from './api.ts';
import { $ } from './dom.ts';
import { note } from './feedback.ts';
import { lang, t } from './language.ts';
import { KEY, load, save } from './storage.ts';

/** Whole minutes since `at` (ms). */
function minutesSince(at: number): number {
  return Math.max(0, Math.floor((Date.now() - at) / 60_000));
}

/** Gives a button its words (kept through a change of language, which redraws every `data-t`). */
function label(id: string, key: 'sessionStart' | 'sessionEnd' | 'departureStart' | 'departureEnd'): void {
  const button = $(id);
  button.dataset.t = key;
  button.textContent = t[key];
}

/** The station panel: counts, queue, calling, sessions; and every station's name for verdicts. */
export class StationPanel {
  private station: StationView | null = null;
  private names: Record<string, StationView['name']> = load(KEY.stations) ?? {};
  /** The same button tapped again after its answer never came sends the tap's id again, after a reload too. */
  private readonly taps: TapIds;

  constructor(
    private readonly stationId: string,
    /** Whether the last call reached the server. */
    private readonly reached: (online: boolean) => void,
    kept: KeptTap,
  ) {
    this.taps = new TapIds(kept);
  }

  /** The station's buttons: call the next in the queue, start and end a session. */
  wire(): void {
    const base = `/api/stations/${this.stationId}`;
    $('call-next').onclick = () => void this.act(`${base}/call-next`);
    $('session-start').onclick = () => void this.act(`${base}/session`, { action: 'start' });
    $('session-end').onclick = () => void this.act(`${base}/session`, { action: 'end' });
  }

  /** A station's name in the kiosk's language (its id while the names are not known). */
  name(id: string): string {
    return this.names[id]?.[lang] ?? id;
  }

  /** The counts a scan's answer brought, when they are this station's. */
  update(counts: StationCounts): void {
    if (!this.station || counts.id !== this.station.id) return;
    this.station = { ...this.station, occupancy: counts.occupancy, capacity: counts.capacity, queue: counts.queue };
    this.render();
  }

  /** Every station afresh from the server. */
  async poll(): Promise<void> {
    const r = await call<StationView[]>('GET', '/api/stations');
    if (!r.ok) return void (r.status === 0 && this.reached(false));
    this.reached(true);
    this.names = Object.fromEntries(r.body.map((s) => [s.id, s.name]));
    save(KEY.stations, this.names);
    this.station = r.body.find((s) => s.id === this.stationId) ?? null;
    this.render();
  }

  private async act(url: string, body: Record<string, unknown> = {}): Promise<void> {
    const action = `${url} ${JSON.stringify(body)}`;
    const id = this.taps.idFor(action);
    const r = await call<StationView>('POST', url, { ...body, id });
    this.taps.sent(action, id, r.status !== 0);
    if (r.ok) {
      this.station = r.body;
      this.render();
      note('');
    } else if (r.status === 0) note(t.offline);
    else if (r.code === 'queue_empty') note(t.queueEmpty);
    else if (r.code === 'no_departure') note(t.noDeparture);
    else if (r.code === 'storage_full' || r.code === 'storage_unavailable') note(t.storageTrouble);
    else note(String(r.body.message ?? r.code));
  }

  render(): void {
    $('station-name').textContent = this.name(this.stationId);
    const s = this.station;
    if (!s) return;
    $('station-status').textContent = t.stationStatus[s.status];
    $('occupancy').textContent = `${s.occupancy} / ${s.capacity}`;
    // A tour point never queues: the places left on its next departure stand where the queue would.
    const next = s.tour?.next;
    $('queue').previousElementSibling!.textContent = !s.tour ? t.queue : next ? t.tourPlaces(next) : tourOffer(s.tour) === 'full' ? t.toursFull : t.toursOver;
    $('queue').textContent = s.tour ? String(next ? s.tour.placesLeft : 0) : String(s.queue);
    const fill = $('bar-fill');
    const ratio = s.capacity > 0 ? s.occupancy / s.capacity : 0;
    fill.style.width = `${Math.min(100, ratio * 100)}%`;
    fill.classList.toggle('high', ratio >= 0.8 && ratio < 1);
    fill.classList.toggle('full', ratio >= 1);
    // Those who joined from a phone are marked: they may be coming from the other end of the venue.
    const who = s.calling.map((n) => (s.callingRemote?.includes(n) ? `№\u00a0${n} · ${t.fromPhone}` : `№\u00a0${n}`));
    $('calling').textContent = who.length > 0 ? `${t.calling}: ${who.join(', ')}` : '';
    $<HTMLButtonElement>('call-next').disabled = s.queue === 0;
    $('call-next').hidden = s.mode === 'tour';
    $('session').hidden = s.mode !== 'sessions' && s.mode !== 'tour';
    if (s.mode === 'sessions') this.renderSession(s);
    if (s.mode === 'tour') this.renderTour(s);
  }

  private renderSession(s: StationView): void {
    const started = s.sessionStartedAt ? Date.parse(s.sessionStartedAt) : null;
    $('session-state').textContent = started ? t.sessionRunning(minutesSince(started)) : t.sessionIdle;
    label('session-start', 'sessionStart');
    label('session-end', 'sessionEnd');
    $<HTMLButtonElement>('session-start').disabled = started !== null;
    $<HTMLButtonElement>('session-end').disabled = started === null;
  }

  /** A tour point: the next departure and who is booked and here for it; the guide starts it (ending a tour under way) or ends the tour. */
  private renderTour(s: StationView): void {
    const started = s.sessionStartedAt ? Date.parse(s.sessionStartedAt) : null;
    const tour = s.tour;
    const next = tour?.starting ? t.departureNext(tour.starting, tour.booked, tour.here) : t.noDeparture;
    $('session-state').textContent = started ? `${t.tourRunning(minutesSince(started))} · ${next}` : next;
    label('session-start', 'departureStart');
    label('session-end', 'departureEnd');
    $<HTMLButtonElement>('session-start').disabled = !tour?.starting;
    $<HTMLButtonElement>('session-end').disabled = started === null;
  }
}
