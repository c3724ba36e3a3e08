import { describe, expect, it } from 'vitest';
import { waitText } from '../../shared/wait.ts';

describe('wait as pages show it', () => {
  it('is rounded: about a few minutes, then bands, then more than an hour', () => {
    expect([1, 5, 7].map((m) => waitText(m, 'en'))).toEqual(['≈ 1 min', '≈ 5 min', '≈ 7 min']);
    expect([8, 12, 15, 29].map((m) => waitText(m, 'ru'))).toEqual(['5–10 мин', '10–15 мин', '15–20 мин', '25–30 мин']);
    expect([30, 45, 59].map((m) => waitText(m, 'kk'))).toEqual(['30–40 мин', '40–50 мин', '50–60 мин']);
    expect([60, 180].map((m) => waitText(m, 'en'))).toEqual(['> 1 h', '> 1 h']);
    expect(waitText(180, 'ru')).toBe('> 1 ч');
    expect(waitText(180, 'kk')).toBe('> 1 сағ');
  });
});
