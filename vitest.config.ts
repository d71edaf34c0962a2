import { defineConfig } from 'vitest/config';

// One vitest run over every package: each package keeps its tests in its own `tests/`,
// and the root `tests/` holds what crosses packages.
export default defineConfig({
  test: {
    include: [
      'packages/*/tests/**/*.test.ts',
      'firmware-sim/tests/**/*.test.ts',
      'apps/*/tests/**/*.test.ts',
      'tests/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
