// Builds the dashboard into dist/, which the ingest service serves at `/`. `npm run dev` proxies the API to a
// service on localhost:3000 (or STANCE_API).
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const api = process.env.STANCE_API ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [svelte()],
  build: {
    outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 400,
    // The plugin-timing notice fires on every build of a loaded machine: noise in the test log.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  server: { proxy: { '/api': api, '/mqtt': { target: api.replace(/^http/, 'ws'), ws: true } } },
});
