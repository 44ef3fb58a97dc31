// Markets on screen: the text colour on a market's or branch's colour. Whether a market is
// held on a day is the core's rule: ask `marketsHeldOn` or `nextMarketDay`.

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
