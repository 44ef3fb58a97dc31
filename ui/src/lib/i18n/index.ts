// Dutch by default, English selectable. Every visible string goes through `$_('key')`.
import { addMessages, init, locale, _ } from 'svelte-i18n';
import { get } from 'svelte/store';
import type { Code } from '../backend/contract';
import type { Locale } from '../format';
import nl from './nl';
import en from './en';

const KEY = 'marktkantoor.locale';

addMessages('nl', nl);
addMessages('en', en);

function saved(): Locale {
  try {
    return globalThis.localStorage?.getItem(KEY) === 'en' ? 'en' : 'nl';
  } catch {
    return 'nl';
  }
}

init({ fallbackLocale: 'nl', initialLocale: saved() });
if (typeof document !== 'undefined') document.documentElement.lang = saved();

export { _, locale };

export function setLocale(l: Locale): void {
  locale.set(l);
  try {
    globalThis.localStorage?.setItem(KEY, l);
  } catch {
    /* private mode: the choice lasts this session */
  }
  if (typeof document !== 'undefined') document.documentElement.lang = l;
}

export function currentLocale(): Locale {
  return get(locale) === 'en' ? 'en' : 'nl';
}

/** The label of a domain code in the current language; the code itself when unknown. */
export function codeLabel(codes: Code[] | undefined, code: string, l: string | null | undefined): string {
  const c = codes?.find((x) => x.code === code);
  if (!c) return code;
  return l === 'en' ? c.en : c.nl;
}
