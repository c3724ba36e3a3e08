/** Icons as inline SVG (no emoji: cheap tablets and headless browsers often lack the font). */
const svg = (body: string) =>
  `<svg viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${body}</svg>`;

export const ICONS = {
  welcome: svg('<path d="M4 12.5l5 5L20 6.5"/>'),
  goodbye: svg('<path d="M14 4h5v16h-5"/><path d="M3 12h11"/><path d="M10 8l4 4-4 4"/>'),
  wait: svg('<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3.5 2"/>'),
  refused: svg('<path d="M6 6l12 12M18 6L6 18"/>'),
  lock: svg('<rect x="4.5" y="10.5" width="15" height="10" rx="2"/><path d="M8 10.5V7a4 4 0 0 1 8 0v3.5"/>'),
  pending: svg('<path d="M12 3v10"/><path d="M8 9l4 4 4-4"/><path d="M4 15v4h16v-4"/>'),
} as const;
