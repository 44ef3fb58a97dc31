// A box whose table may be wider than a tablet's or phone's screen scrolls sideways on its
// own (the class `scroll-x`, app.css). While it does, the keyboard must reach it too (a
// tablet may have one): it is then a named region in the tab order. On a desk, where the
// table fits, it is a plain box and no extra stop for Tab.
import type { Action } from 'svelte/action';

export const scrollBox: Action<HTMLElement, string> = (node, label) => {
  let name = label ?? '';
  const update = () => {
    const scrolls = ['auto', 'scroll'].includes(getComputedStyle(node).overflowX);
    if (scrolls && node.scrollWidth > node.clientWidth + 1) {
      node.tabIndex = 0;
      node.setAttribute('role', 'region');
      if (name) node.setAttribute('aria-label', name);
    } else {
      node.removeAttribute('tabindex');
      node.removeAttribute('role');
      node.removeAttribute('aria-label');
    }
  };
  const resized = new ResizeObserver(update);
  resized.observe(node);
  // Rows arriving or leaving change the width of the table, not of the box.
  const changed = new MutationObserver(update);
  changed.observe(node, { childList: true, subtree: true });
  update();
  return {
    update(next: string) {
      name = next ?? '';
      update();
    },
    destroy() {
      resized.disconnect();
      changed.disconnect();
    },
  };
};
