/**
 * The claim as reviewed in the matching index: a case's statement, written by its reviewers
 * (cases/claimStatement.ts), is a core entry of the case (memoryIndex's `setStatement`). Its
 * features are made like a report's, so a report is held against it as against the reports
 * that opened the case.
 */
import { ClaimStatementModel } from '../cases/claimStatementModel';
import type { MemoryIndex } from './memoryIndex';
import { normalizeText } from './normalize';
import { matchSettings } from './settings';
import { matchTokens } from './tokens';

/** The statement's features; none when it was taken away. */
export function statementFeatures(text: string | null): string[] {
  return text ? matchTokens(normalizeText(text), matchSettings().segmentation) : [];
}

/** Sets every case's latest statement, for a load from the database. */
export async function loadStatements(index: MemoryIndex): Promise<number> {
  const latest = new Map<string, { version: number; text: string | null }>();
  for await (const statement of ClaimStatementModel.find({}, { caseId: 1, version: 1, text: 1 }).lean().cursor({ batchSize: 5000 })) {
    const caseId = String(statement.caseId);
    if ((latest.get(caseId)?.version ?? 0) < statement.version) latest.set(caseId, { version: statement.version, text: statement.text ?? null });
  }
  let set = 0;
  for (const [caseId, { version, text }] of latest) {
    index.setStatement(caseId, statementFeatures(text), version);
    if (text) set += 1;
  }
  return set;
}
