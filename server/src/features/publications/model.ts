import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { LANGUAGES, TOPICS, VERDICTS } from '@refute/shared';
import { evidenceSubschema } from '../reviews/draftModel';
import { appendOnly } from '../audit/appendOnly';

export const publishedMonthOf = (at: Date) => at.toISOString().slice(0, 7);
export const publishedDayOf = (at: Date) => at.toISOString().slice(0, 10);

/** An approved review. Never changed: a correction is a new version. */
const publicationSchema = new Schema({
  caseId: { type: Schema.Types.ObjectId, ref: 'Case', required: true },
  version: { type: Number, required: true },
  slug: { type: String, required: true, unique: true },
  verdict: { type: String, enum: VERDICTS, required: true },
  headline: { type: String, required: true },
  summary: { type: String, required: true },
  rebuttalHtml: { type: String, required: true },
  evidence: { type: [evidenceSubschema], default: [] },
  topic: { type: String, enum: TOPICS, required: true },
  language: { type: String, enum: LANGUAGES, required: true },
  claimText: { type: String, required: true },
  /** The claim as reviewed (the case's statement when it was approved), if its reviewers wrote one. */
  claimStatement: { type: String, default: null },
  /** GB/T 2260 code of the region the case's first report came from; null when it named none. */
  region: { type: String, default: null },
  authorIds: { type: [{ type: Schema.Types.ObjectId, ref: 'User' }], required: true },
  approvedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  /** Why this version corrects the one before it (the reason the case was reopened). */
  correctionReason: { type: String, default: null },
  /**
   * Set on a retraction: the version a lead publishes to withdraw the case's verdict. It repeats
   * the withdrawn version's content (so every reader can still say what was withdrawn) and is the
   * case's last version; publications stay append-only, and the unique (caseId, version) index
   * lets one of two concurrent retractions win.
   */
  retraction: {
    type: new Schema({ reason: { type: String, required: true }, retractedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true } }, { _id: false }),
    default: null,
  },
  publishedAt: { type: Date, required: true },
  /**
   * `YYYY-MM` of publishedAt (UTC): the feed reads month by month by equality, which the local
   * engine serves from an index, instead of sorting every publication to return one page.
   */
  publishedMonth: { type: String, default: null },
  /** `YYYY-MM-DD` of publishedAt (UTC): the unfiltered feed reads day by day (a month is thousands). */
  publishedDay: { type: String, default: null },
});
publicationSchema.index({ caseId: 1, version: 1 }, { unique: true });
publicationSchema.index({ publishedAt: -1, _id: -1 });
publicationSchema.index({ publishedMonth: 1, publishedAt: -1, _id: -1 });
publicationSchema.index({ publishedDay: 1, publishedAt: -1, _id: -1 });
publicationSchema.pre('validate', function setMonth() {
  if (this.publishedAt && !this.publishedMonth) this.publishedMonth = publishedMonthOf(this.publishedAt);
  if (this.publishedAt && !this.publishedDay) this.publishedDay = publishedDayOf(this.publishedAt);
});
// Publications written in this process (a back-dated import included) move the oldest month.
publicationSchema.post('save', (publication: { publishedMonth?: string | null }) => noteMonth(publication.publishedMonth));
publicationSchema.post('insertMany', function noteMonths(publications: unknown) {
  if (Array.isArray(publications)) for (const publication of publications as Array<{ publishedMonth?: string | null }>) noteMonth(publication.publishedMonth);
});

/** The month of the oldest publication this process knows of: undefined until read. */
let oldestKnownMonth: string | undefined;
function noteMonth(month: string | null | undefined): void {
  if (month && oldestKnownMonth !== undefined && month < oldestKnownMonth) oldestKnownMonth = month;
}
export const oldestPublishedMonthKnown = () => oldestKnownMonth;
export function rememberOldestPublishedMonth(month: string): void {
  if (oldestKnownMonth === undefined || month < oldestKnownMonth) oldestKnownMonth = month;
}
appendOnly(publicationSchema, 'publications');

export type PublicationRecord = InferSchemaType<typeof publicationSchema> & { _id: Types.ObjectId };
export const PublicationModel = model('Publication', publicationSchema, 'publications');
