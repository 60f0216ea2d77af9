module.exports = {
  rootDir: '/work/main',
  testEnvironment: 'node',
  roots: ['<rootDir>/client/.smoke'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/client/.smoke/tsconfig.json', diagnostics: false }] },
  moduleNameMapper: { '^@refute/shared$': '<rootDir>/shared/src/index.ts' },
  globalSetup: '<rootDir>/tests/support/globalSetup.ts',
  globalTeardown: '<rootDir>/tests/support/globalTeardown.ts',
  testTimeout: 90_000,
};
