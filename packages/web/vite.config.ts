/**
 * Builds the web app into `dist/`, which the server serves at `/`.
 *
 * The server's Content-Security-Policy allows scripts and styles from its own origin only, so the
 * build must emit no inline script or style: CSS goes to its own file, nothing is inlined as a
 * data: URI, and the module-preload polyfill (which Vite would otherwise add) is left out.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    modulePreload: { polyfill: false },
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    // `npm run dev -w @truceline/web` next to `truceline serve` on the default port.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
