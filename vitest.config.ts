import { defineConfig } from 'vitest/config';

// One run covers every package. Suites that need PostgreSQL use it when reachable and say plainly
// when they skip; CI sets TRUCELINE_REQUIRE_POSTGRES=1 so that a missing database fails instead.
export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'packages/*/src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
