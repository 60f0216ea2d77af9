export * from './enums';
export * from './schemas/common';
export * from './schemas/auth';
export * from './schemas/claims';
export * from './schemas/cases';
export * from './schemas/drafts';
export * from './schemas/feed';
export * from './rules';
