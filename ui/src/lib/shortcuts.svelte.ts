// The keyboard: what the current screen offers to the global shortcuts (n, Esc, /).
class Shortcuts {
  /** `n`: the current screen's "new …". */
  onNew = $state<(() => void) | null>(null);
  /** Esc: close the current screen's open panel. Returns true when it closed something. */
  escapes: (() => boolean)[] = [];
  /** Set by `/` on another screen: the vendor screen focuses its search when it opens. */
  focusSearch = $state(false);
  overlay = $state(false);
}

export const shortcuts = new Shortcuts();

/** Registers a handler for Esc while a component lives; returns the unregister function. */
export function onEscape(fn: () => boolean): () => void {
  shortcuts.escapes.push(fn);
  return () => {
    shortcuts.escapes = shortcuts.escapes.filter((f) => f !== fn);
  };
}

export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select' || el.isContentEditable) return true;
  if (tag !== 'input') return false;
  const type = (el as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'color'].includes(type);
}

/** Ctrl+S: submit the form that has the focus, else the screen's main form. */
export function saveCurrentForm(): boolean {
  const active = document.activeElement as HTMLElement | null;
  const form = active?.closest('form') ?? document.querySelector<HTMLFormElement>('form[data-main]');
  if (!form) return false;
  form.requestSubmit();
  return true;
}
