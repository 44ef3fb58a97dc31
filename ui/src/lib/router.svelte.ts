// Hash routes: #/markten/3, #/ondernemers/nieuw, #/beheer/offerte.
import type { Section } from './permissions';
import { SECTIONS } from './permissions';

export interface Route {
  section: Section;
  rest: string[];
}

function parse(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const section = (SECTIONS as string[]).includes(parts[0]) ? (parts[0] as Section) : 'vandaag';
  return { section, rest: parts.slice(1) };
}

class Router {
  route = $state<Route>(parse(globalThis.location?.hash ?? ''));
  /** The hash as given, for sections that do not exist (shown as "vandaag"). */
  raw = $state(globalThis.location?.hash ?? '');

  constructor() {
    globalThis.addEventListener?.('hashchange', () => {
      this.raw = location.hash;
      this.route = parse(location.hash);
    });
  }
}

export const router = new Router();

export function go(path: string): void {
  location.hash = '#/' + path.replace(/^\/+/, '');
}

export function href(path: string): string {
  return '#/' + path.replace(/^\/+/, '');
}
