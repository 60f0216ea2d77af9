import { ApiKeyModel } from '../features/apiKeys/model';
import { AuditEventModel } from '../features/audit/model';
import { SessionModel } from '../features/auth/sessionModel';
import { CaseModel } from '../features/cases/model';
import { ClaimModel } from '../features/claims/model';
import { CaseKeyModel } from '../features/matching/caseKeyModel';
import { MatchFeedModel } from '../features/matching/feedModel';
import { OrganisationModel } from '../features/organisations/model';
import { PublicationModel } from '../features/publications/model';
import { DraftRevisionModel } from '../features/reviews/draftModel';
import { CaseContributorModel } from '../features/reviews/contributorModel';
import { CaseTransitionModel } from '../features/cases/transitionModel';
import { OnceModel } from '../features/meta/onceModel';
import { UserModel } from '../features/users/model';
import { RebuttalUpdateModel } from '../features/coediting/model';
import { CommentModel } from '../features/comments/model';
import { NotificationModel } from '../features/notifications/model';

const MODELS = [
  OrganisationModel,
  UserModel,
  SessionModel,
  ApiKeyModel,
  ClaimModel,
  CaseKeyModel,
  MatchFeedModel,
  CaseModel,
  CaseTransitionModel,
  DraftRevisionModel,
  CaseContributorModel,
  OnceModel,
  PublicationModel,
  AuditEventModel,
  CommentModel,
  NotificationModel,
];

/** Creates every index before the first request: unique indexes carry correctness. */
export async function ensureIndexes(): Promise<void> {
  for (const model of MODELS) {
    await model.createCollection().catch(() => undefined);
    await model.createIndexes();
  }
}
