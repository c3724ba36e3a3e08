/** The kiosk page's elements and screens. */

export const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** Shows one of the page's three screens: pairing, locked (revoked) or the kiosk at work. */
export function show(screen: 'pair' | 'lock' | 'app'): void {
  $('pair').hidden = screen !== 'pair';
  $('lock').hidden = screen !== 'lock';
  $('app').hidden = screen !== 'app';
}
