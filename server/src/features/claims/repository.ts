import { Types } from 'mongoose';
import { ClaimModel } from './model';

/** The platform organisations that reported into a case. */
export async function platformsReportingCase(caseId: Types.ObjectId | string): Promise<string[]> {
  const orgIds = await ClaimModel.distinct('orgId', { caseId: new Types.ObjectId(String(caseId)) });
  return orgIds.map(String);
}
