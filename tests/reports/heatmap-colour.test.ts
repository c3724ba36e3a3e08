import { describe, expect, it } from 'vitest';
import { heatColour } from '../../kiosk/admin/reports-heatmap.ts';

/** WCAG 2 contrast ratio of two CSS colours given as `#rgb`/`#rrggbb` or `rgb(r, g, b)`. */
function contrast(a: string, b: string): number {
  const rgb = (c: string): number[] => {
    if (c.startsWith('rgb')) return c.slice(4, -1).split(',').map(Number);
    const hex = c.length === 4 ? [...c.slice(1)].map((x) => x + x).join('') : c.slice(1);
    return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  };
  const lum = (c: string) => {
    const [r, g, bl] = rgb(c).map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

describe('heat map cells', () => {
  it('keep their numbers readable on every shade (WCAG AA, 4.5:1)', () => {
    for (let n = 0; n <= 400; n++) {
      const c = heatColour(n, 400);
      expect(contrast(c.background, c.ink), `${n} of 400`).toBeGreaterThanOrEqual(4.5);
    }
  });
});
