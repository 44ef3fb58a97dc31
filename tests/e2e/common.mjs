// What the end-to-end suites share: waiting for a driver's port, a screenshot WebKit
// actually paints, and a command called through the window's own backend.
import fs from 'node:fs';
import net from 'node:net';

export const byId = (b, id) => b.$(`[data-testid="${id}"]`);

export async function waitForPort(p, ms = 20000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(p, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`nothing listens on ${p}`);
}

/**
 * Waits a moment for the screen to settle, then saves a screenshot at `file`. WebKit takes
 * a snapshot at its next paint, and a static page never paints again: a 1-pixel dot that
 * flickers below notice keeps it painting until the shot is taken.
 */
export async function shot(b, file) {
  await b.pause(800);
  await b.execute(() => {
    const dot = document.createElement('div');
    dot.id = 'e2e-paint';
    Object.assign(dot.style, { position: 'fixed', left: '0', top: '0', width: '1px', height: '1px', pointerEvents: 'none' });
    document.body.appendChild(dot);
    let on = false;
    const tick = () => {
      if (!dot.isConnected) return;
      on = !on;
      dot.style.opacity = on ? '0.01' : '0.02';
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const png = await b.takeScreenshot();
  await b.execute(() => document.getElementById('e2e-paint')?.remove());
  fs.writeFileSync(file, Buffer.from(png, 'base64'));
}

/** Calls a command directly through the window's backend, as a page script could. */
export async function invoke(b, command, args) {
  return b.executeAsync(
    (cmd, a, done) => {
      window.__TAURI_INTERNALS__.invoke(cmd, a).then(
        (ok) => done({ ok }),
        (err) => done({ err }),
      );
    },
    command,
    args,
  );
}
