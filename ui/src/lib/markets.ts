// Which markets are held on a day: the market's weekdays, its season, not ended.
import type { Market } from './backend/contract';
import { weekdayCode } from './format';

export function heldOn(m: Market, day: string): boolean {
  if (m.ended || !m.weekdays.includes(weekdayCode(day))) return false;
  if (m.kind === 'seizoen' && m.seasonFrom && m.seasonUntil) {
    const md = day.slice(5);
    return m.seasonFrom <= m.seasonUntil
      ? md >= m.seasonFrom && md <= m.seasonUntil
      : md >= m.seasonFrom || md <= m.seasonUntil;
  }
  return true;
}

/** Black or white text, whichever reads better on a background colour (#rrggbb). */
export function textOn(colour: string): 'dark' | 'light' {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour.trim());
  if (!m) return 'dark';
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white (1.05 / (l + 0.05)) against black ((l + 0.05) / 0.05).
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? 'light' : 'dark';
}
