/** One jest run for every suite: unit, integration (real engine, real HTTP) and e2e (Chromium). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json' }],
  },
  moduleNameMapper: { '^@refute/shared$': '<rootDir>/shared/src/index.ts' },
  globalSetup: '<rootDir>/tests/support/globalSetup.ts',
  globalTeardown: '<rootDir>/tests/support/globalTeardown.ts',
  testTimeout: 60_000,
  testSequencer: '<rootDir>/tests/support/sequencer.js',
  maxWorkers: 2,
};
