/**
 * The facts a case's workflow gives: its opening, the first time an expert held it, it was
 * submitted and it was published, and that first publication's verdict. Derived from the case
 * and its transitions, by live updates (keeping the facts of the transition just recorded) and
 * by the rebuild (keeping them all), so the two count the same.
 */
import type { Verdict } from '@refute/shared';
import type { CaseRecord } from '../cases/model';
import type { Types } from 'mongoose';
import type { MilestoneFact, OpenedFact, PublishedFact } from './facts';

export type CaseFactsSource = Pick<CaseRecord, '_id' | 'topic' | 'lane' | 'region' | 'language' | 'openedAt' | 'deadlineAt'>;
/** What the facts need of a transition (its state as stored). */
export interface TransitionFactsSource {
  seq: number;
  at: Date;
  actorId: Types.ObjectId;
  state: { status: string; assigneeIds?: readonly unknown[] | null; publishedVersion?: number | null; publicationId?: Types.ObjectId | null };
}

export interface Lookups {
  /** The verdict of a publication; null while it is not written yet. */
  verdictOf(publicationId: string): Verdict | null;
  /** The organisation of the person who approved. */
  orgOf(userId: string): string | null;
}

export function openedFact(record: CaseFactsSource): OpenedFact {
  return { kind: 'opened', at: record.openedAt, topic: record.topic, lane: record.lane, region: record.region ?? null, language: record.language };
}

/** The milestone and publication facts of a case, each with the seq of the transition that made it. */
export function workflowFacts(record: CaseFactsSource, transitions: readonly TransitionFactsSource[], lookups: Lookups): Array<{ seq: number; fact: MilestoneFact | PublishedFact }> {
  const ordered = [...transitions].sort((a, b) => a.seq - b.seq);
  const firstExpert = ordered.find((step) => (step.state.assigneeIds ?? []).length > 0);
  const submitted = ordered.find((step) => step.state.status === 'submitted');
  const published = ordered.find((step) => (step.state.publishedVersion ?? 0) >= 1);
  const facts: Array<{ seq: number; fact: MilestoneFact | PublishedFact }> = [];
  const region = record.region ?? null;
  const milestone = (step: TransitionFactsSource, name: MilestoneFact['milestone']): MilestoneFact => ({
    kind: 'milestone',
    at: step.at,
    milestone: name,
    seconds: Math.max(0, (step.at.getTime() - record.openedAt.getTime()) / 1000),
    lane: record.lane,
    region,
  });
  if (firstExpert) facts.push({ seq: firstExpert.seq, fact: milestone(firstExpert, 'firstExpert') });
  if (submitted) facts.push({ seq: submitted.seq, fact: milestone(submitted, 'submitted') });
  if (published) {
    const fact = milestone(published, 'published');
    fact.deadline = { met: published.at.getTime() <= record.deadlineAt.getTime(), orgId: lookups.orgOf(String(published.actorId)) };
    facts.push({ seq: published.seq, fact });
    const verdict = published.state.publicationId ? lookups.verdictOf(String(published.state.publicationId)) : null;
    if (verdict) facts.push({ seq: published.seq, fact: { kind: 'published', at: published.at, topic: record.topic, lane: record.lane, region, language: record.language, verdict } });
  }
  return facts;
}
