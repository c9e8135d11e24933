import { defineConfig } from 'vitest/config';

// Two projects: Node code (collector, CLI, contract, generators) and browser code (plugins, in jsdom).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['src/{collector,cli,contract}/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/node/**/*.test.ts', 'tests/browser/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          environment: 'jsdom',
          include: ['src/*.test.{ts,tsx}', 'src/{datasource,panel,components,pages}/**/*.test.{ts,tsx}'],
          setupFiles: ['./.config/vitest-setup.ts'],
          // @grafana/* ship ESM that imports CommonJS (moment-timezone) and CSS files, which
          // Node cannot load as-is; letting Vite transform them is what makes them importable.
          server: { deps: { inline: [/@grafana\//] } },
        },
      },
    ],
  },
});
