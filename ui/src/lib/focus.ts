// Where the keyboard goes when a section or a tab opens, and ↓ from a search field. The
// Shell calls these; a screen that places the focus itself (the counter, the day close,
// the control round after drawing) keeps its choice, and a screen may name its own
// target with `data-autofocus`.

/** A list's row the keyboard can stand on: the roving row (tabindex 0) or an option. */
const ROW = '[data-autofocus], tr[tabindex="0"], [role="row"][tabindex="0"], .tr[tabindex="0"], [role="option"][tabindex="0"]';
/** A field a clerk types in. Select lists are left out: ↓ there changes the choice. */
const FIELD =
  'input:not([type="hidden"]):not([type="checkbox"]):not([type="radio"]):not([type="file"]):not([type="button"]):not([type="submit"]):not([type="reset"]), textarea';

function usable(el: Element): el is HTMLElement {
  const h = el as HTMLElement;
  if ((h as HTMLInputElement).disabled || h.getAttribute('aria-hidden') === 'true') return false;
  if (h.closest('dialog:not([open]), [hidden], .visually-hidden')) return false;
  return h.getClientRects().length > 0 && getComputedStyle(h).visibility !== 'hidden';
}

/** The part of a screen a tab shows: what follows the section's tabs, else the whole screen. */
function content(main: HTMLElement): Element[] {
  const all = [...main.querySelectorAll(`${ROW}, ${FIELD}`)];
  const tabs = main.querySelector('nav[class~="tabs"]');
  if (!tabs) return all;
  return all.filter((el) => tabs.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING && !tabs.contains(el));
}

/** The screen's list or first field, in the order they stand on the screen; `data-autofocus` first. */
export function screenFocusTarget(main: HTMLElement): HTMLElement | null {
  const named = [...main.querySelectorAll('[data-autofocus]')].find(usable);
  if (named) return named as HTMLElement;
  return (content(main).find(usable) as HTMLElement | undefined) ?? null;
}

/**
 * The focus is still where the navigation left it: nowhere, on the screen's title, on a
 * menu entry or on a tab. Anywhere else the screen (or the clerk) has chosen already.
 */
export function focusIsOnNavigation(main: HTMLElement): boolean {
  const a = document.activeElement as HTMLElement | null;
  if (!a || a === document.body || a === document.documentElement) return true;
  if (!main.contains(a)) return !!a.closest('nav');
  return a.tagName === 'H1' || !!a.closest('nav[class~="tabs"], [role="tablist"]');
}

/**
 * After a section or tab opened: once its content has settled (no change for a moment, at
 * most `wait` ms, as lists arrive from the core), puts the focus on its list or first field,
 * unless something else took the focus meanwhile. Returns a function that stops waiting.
 */
export function focusScreenWhenSettled(main: HTMLElement, wait = 1500, quiet = 120): () => void {
  let done = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const finish = () => {
    if (done) return;
    done = true;
    observer.disconnect();
    clearTimeout(timer);
    clearTimeout(limit);
    if (!focusIsOnNavigation(main)) return;
    screenFocusTarget(main)?.focus();
  };
  const observer = new MutationObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(finish, quiet);
  });
  observer.observe(main, { subtree: true, childList: true });
  timer = setTimeout(finish, quiet);
  const limit = setTimeout(finish, wait);
  return () => {
    done = true;
    observer.disconnect();
    clearTimeout(timer);
    clearTimeout(limit);
  };
}

/** A field that searches a list below it (↓ goes into that list). */
export function isSearchField(target: EventTarget | null): target is HTMLInputElement {
  const el = target as HTMLElement | null;
  return !!el && el.tagName === 'INPUT' && ((el as HTMLInputElement).type === 'search' || el.hasAttribute('data-list-search'));
}

/** The first row of the list that follows `field` on the screen, if any. */
export function firstRowAfter(field: HTMLElement, root: ParentNode = document): HTMLElement | null {
  for (const el of root.querySelectorAll(ROW.replace('[data-autofocus], ', ''))) {
    if (field.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING && usable(el)) return el as HTMLElement;
  }
  return null;
}
