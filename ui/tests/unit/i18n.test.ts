import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import nl from '../../src/lib/i18n/nl';
import en from '../../src/lib/i18n/en';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keys(v, `${prefix}${k}.`)));
}

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}

const SRC = join(__dirname, '../../src');
const components = files(SRC, '.svelte');

/** The markup of a component without script, style, comments and `{…}` expressions. */
function markup(source: string): string {
  let s = source.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<style[\s\S]*?<\/style>/g, '').replace(/<!--[\s\S]*?-->/g, '');
  let out = '';
  let depth = 0;
  for (const c of s) {
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += c;
  }
  s = out;
  return s;
}

describe('i18n', () => {
  it('nl and en have exactly the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(nl).sort());
  });

  it('no message is empty', () => {
    const empty = (m: object) => keys(m).filter((k) => !k.split('.').reduce((o: any, p) => o[p], m).trim());
    expect(empty(nl)).toEqual([]);
    expect(empty(en)).toEqual([]);
  });

  it('every key a component asks for exists', () => {
    const known = new Set(keys(nl));
    const missing: string[] = [];
    for (const f of [...components, ...files(SRC, '.ts')].filter((f) => !f.includes('/i18n/'))) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\$_\('([^']+)'/g)) if (!known.has(m[1])) missing.push(`${f}: ${m[1]}`);
      // Keys kept in tables of a component ('nav.markten', 'shortcuts.help', …).
      for (const m of text.matchAll(/'((?:nav|shortcuts|admin|marketPage|startupError|notBuilt)\.[a-zA-Z]+)'/g)) {
        if (!known.has(m[1])) missing.push(`${f}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('no component shows a literal visible string', () => {
    const found: string[] = [];
    for (const f of components) {
      const m = markup(readFileSync(f, 'utf8'));
      // Attributes people read: title, placeholder, aria-label, alt, and the label/hint props.
      for (const a of m.matchAll(/\s(title|placeholder|aria-label|alt|label|hint|message|empty)="([^"]*)"/g)) {
        if (/\p{L}/u.test(a[2])) found.push(`${f}: ${a[1]}="${a[2]}"`);
      }
      const text = m.replace(/<[^>]*>/g, ' ');
      for (const t of text.split(/\s+/)) if (/\p{L}/u.test(t)) found.push(`${f}: ${t}`);
    }
    expect(found).toEqual([]);
  });

  it('nl calls the vendor’s number what the app calls it everywhere: erkenningsnummer, never registratienummer', () => {
    const values = (obj: object, prefix = ''): [string, string][] =>
      Object.entries(obj).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : values(v, `${prefix}${k}.`)));
    expect(values(nl).filter(([, v]) => /registratie-?nummer/i.test(v))).toEqual([]);
    expect(nl.shortcutsDesk.counterLookup).toMatch(/^Erkenningsnummer/);
  });

  it('the scan itself finds a literal string', () => {
    expect(markup('<script>let a = "x";</script><p title="Hallo">{$_("k")} Opslaan</p>').replace(/<[^>]*>/g, ' ').trim()).toBe('Opslaan');
  });
});
