/** How imports are cut up. Tests use small chunks, to play several chunks and crashes between them quickly. */
export interface ImportSettings {
  /** Rows per chunk: the unit of progress, of a lease, of one bulk intake and of what is done again after a crash. */
  chunkRows: number;
}

const DEFAULTS: ImportSettings = { chunkRows: 250 };
let current: ImportSettings = DEFAULTS;

export function importSettings(): ImportSettings {
  return current;
}

export function configureImports(settings: Partial<ImportSettings>): void {
  current = { ...DEFAULTS, ...settings };
}
