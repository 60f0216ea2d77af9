import mongoose, { type Model } from 'mongoose';
import { ApiKeyModel } from '../features/apiKeys/model';
import { AuditEventModel } from '../features/audit/model';
import { SessionModel } from '../features/auth/sessionModel';
import { CaseModel } from '../features/cases/model';
import { ClaimModel } from '../features/claims/model';
import { CaseKeyModel } from '../features/matching/caseKeyModel';
import { PairDecisionModel } from '../features/matching/pairDecisionModel';
import { MatchFeedModel } from '../features/matching/feedModel';
import { IndexMarkModel } from '../features/matching/indexMarksModel';
import { OrganisationModel } from '../features/organisations/model';
import { PublicationModel } from '../features/publications/model';
import { DraftRevisionModel } from '../features/reviews/draftModel';
import { ClaimStatementModel } from '../features/cases/claimStatementModel';
import { CaseContributorModel } from '../features/reviews/contributorModel';
import { CaseTransitionModel } from '../features/cases/transitionModel';
import { OnceModel } from '../features/meta/onceModel';
import { UserModel } from '../features/users/model';
import { PasswordLinkModel } from '../features/auth/passwordLinkModel';
import { SettingModel } from '../features/settings/model';
import { RebuttalUpdateModel } from '../features/coediting/model';
import { CommentModel } from '../features/comments/model';
import { NotificationModel } from '../features/notifications/model';
import { HotspotModel } from '../features/hotspots/model';
import { InsightCompactionModel, InsightFlushModel, InsightRollupModel, InsightWriterModel } from '../features/insights/model';
import { WebhookAttemptModel, WebhookDeliveryModel, WebhookEndpointModel, WebhookOutboxModel } from '../features/webhooks/model';
import { ImportChunkModel, ImportJobModel, ImportLeaseModel } from '../features/imports/model';
import { EscalationClaimModel, EscalationStepModel } from '../features/escalation/model';
import { ChecklistTickModel } from '../features/checklists/model';
import { ExpertProfileModel } from '../features/experts/model';
import { ExpertSeatModel } from '../features/experts/seats';
import { CaseOfferModel, RoutingRoundModel } from '../features/routing/model';
import type { LocalEngine } from './localEngine';
import { indexEqualityFields } from './queryIndexes';

/** Every model of the server; tests/integration/indexes.test.ts fails if one is missing. */
// Models of different document types in one list.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const INDEXED_MODELS: Array<Model<any>> = [
  OrganisationModel,
  UserModel,
  SessionModel,
  ApiKeyModel,
  ClaimModel,
  CaseKeyModel,
  PairDecisionModel,
  MatchFeedModel,
  IndexMarkModel,
  CaseModel,
  CaseTransitionModel,
  DraftRevisionModel,
  ClaimStatementModel,
  CaseContributorModel,
  OnceModel,
  PublicationModel,
  AuditEventModel,
  CommentModel,
  NotificationModel,
  RebuttalUpdateModel,
  WebhookEndpointModel,
  WebhookDeliveryModel,
  WebhookOutboxModel,
  WebhookAttemptModel,
  ImportJobModel,
  ImportChunkModel,
  ImportLeaseModel,
  PasswordLinkModel,
  SettingModel,
  HotspotModel,
  EscalationStepModel,
  EscalationClaimModel,
  ChecklistTickModel,
  ExpertProfileModel,
  ExpertSeatModel,
  CaseOfferModel,
  RoutingRoundModel,
  InsightRollupModel,
  InsightCompactionModel,
  InsightWriterModel,
  InsightFlushModel,
];

const ENSURED_AT_ONCE = 4;

/**
 * Creates every collection and index before the first request: unique indexes carry
 * correctness. On the local engine, the indexes it can use for equality filters follow.
 */
export async function ensureIndexes(engine?: Pick<LocalEngine, 'postgresUrl'>): Promise<void> {
  // mongoose ignores "already exists"; any other failure stops the start.
  const ensure = async (model: (typeof INDEXED_MODELS)[number]) => {
    await model.createCollection();
    await model.createIndexes();
  };
  // The first collection creates the database; the others follow a few at a time, which on a
  // fresh database takes less than half the time one after another does (each is a round trip or
  // more, and the engine serialises what must be).
  const [first, ...rest] = INDEXED_MODELS;
  if (first) await ensure(first);
  const queue = [...rest];
  await Promise.all(
    Array.from({ length: ENSURED_AT_ONCE }, async () => {
      for (let model = queue.shift(); model; model = queue.shift()) await ensure(model);
    }),
  );
  if (engine) await indexEqualityFields(engine.postgresUrl, mongoose.connection.name, INDEXED_MODELS);
}
