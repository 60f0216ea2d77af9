import { Schema, model, type InferSchemaType, type Types } from 'mongoose';

/** A comment in a case's discussion. Names are copied so the list needs no join. */
const commentSchema = new Schema({
  caseId: { type: Schema.Types.ObjectId, ref: 'Case', required: true },
  authorId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  authorName: { type: String, required: true },
  body: { type: String, required: true },
  mentions: {
    type: [{ _id: false, userId: { type: Schema.Types.ObjectId, ref: 'User', required: true }, name: { type: String, required: true } }],
    default: [],
  },
  createdAt: { type: Date, required: true },
});
commentSchema.index({ caseId: 1, createdAt: -1, _id: -1 });

export type CommentRecord = InferSchemaType<typeof commentSchema> & { _id: Types.ObjectId };
export const CommentModel = model('Comment', commentSchema, 'comments');
