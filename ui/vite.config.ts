import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

// The CSP <meta> of index.html is what the app (and the browser tests) enforce. The dev
// server injects <style> tags for hot reload, which that CSP forbids, so `vite` (serve)
// drops the meta; every build keeps it.
function devWithoutCsp(): Plugin {
  return {
    name: 'dev-without-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>\s*/, '');
    },
  };
}

export default defineConfig({
  plugins: [svelte(), devWithoutCsp()],
  resolve: {
    alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) },
  },
  // Tauri serves the files itself; a relative base keeps them loadable from any origin.
  base: './',
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    // `npm run dev` in a browser talks to `markt serve` (http.ts posts to /api on its own
    // origin): start `markt --db demo.sqlite serve`, or set MARKTKANTOOR_SERVE to another one.
    proxy: { '/api': { target: process.env.MARKTKANTOOR_SERVE ?? 'http://127.0.0.1:8470', changeOrigin: true } },
  },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    // No inlined assets: everything a page needs is a file of its own ('self').
    assetsInlineLimit: 0,
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
  },
});
