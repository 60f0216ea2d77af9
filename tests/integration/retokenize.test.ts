/**
 * Re-tokenising stored reports: a report stored before a change of the matching features keeps
 * its old tokens until the pass rewrites them (in chunks, resumable, once per tokenizer version),
 * and the matching index, rebuilt from the database, then matches with the new ones. Here the
 * change is the news-register marker: a rumor must not join a true news post's case.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildClaimReport } from '../../fixtures/factories';
import { ClaimModel } from '../../server/src/features/claims/model';
import { retokenizeReports, tokensCurrent } from '../../server/src/features/claims/retokenize';
import { ANSWER_CALIBRATION } from '../../server/src/features/matching/answerCalibration';
import { assessCandidates, caseProbability, joinEvidence, joinsOpenCase } from '../../server/src/features/matching/assess';
import { matchIndex, rebuildMatchIndex } from '../../server/src/features/matching/liveIndex';
import { normalizeText } from '../../server/src/features/matching/normalize';
import { matchSettings } from '../../server/src/features/matching/settings';
import { matchTokens, NEWS_REGISTER_MARKER, TOKENIZER_VERSION } from '../../server/src/features/matching/tokens';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();

const NEWS = '【疾控提醒】国家疾控中心：室内开窗通风每天2到3次，每次30分钟，可有效降低新冠病毒传播风险。';
const OTHER_NEWS = '【出行提示】市交通委：5月1日起，地铁末班车延长至23时30分，请乘客合理安排出行。';
const RUMOR = '每天开窗通风30分钟就能杀死新冠病毒，赶紧转给家人！';

const report = async (text: string) => {
  const response = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ text }));
  expect(response.status).toBe(201);
  return response.body as { id: string; caseId: string };
};

/** Whether the join rule, on this process's index as it stands, would put the text in the case. */
function wouldJoin(text: string, caseId: string): boolean {
  const settings = matchSettings();
  const candidate = assessCandidates(matchIndex(), matchTokens(normalizeText(text), settings.segmentation, text)).find((assessed) => assessed.caseId === caseId);
  if (!candidate) return false;
  const probability = caseProbability(candidate, ANSWER_CALIBRATION.answerModel);
  return joinsOpenCase(joinEvidence(candidate), settings.joinThreshold, settings.joinCoreGap, probability, settings.joinProbability);
}

/** Plays a report stored before the marker and the version existed. */
async function storedAsBefore(claimId: string): Promise<void> {
  const stored = await ClaimModel.findById(claimId).lean();
  await ClaimModel.updateOne(
    { _id: claimId },
    { $set: { matchTokens: stored!.matchTokens.filter((token) => token !== NEWS_REGISTER_MARKER) }, $unset: { tokenizerVersion: 1 } },
  );
}

test('reports stored before a tokenizer change gain its tokens in a resumable pass, and the rebuilt index matches with them', async () => {
  const news = await report(NEWS);
  const other = await report(OTHER_NEWS);
  const fresh = await ClaimModel.findById(news.id).lean();
  expect(fresh).toMatchObject({ tokenizerVersion: TOKENIZER_VERSION });
  expect(fresh!.matchTokens).toContain(NEWS_REGISTER_MARKER);

  await storedAsBefore(news.id);
  await storedAsBefore(other.id);
  await rebuildMatchIndex();
  expect(matchIndex().featuresOf(news.id)).not.toContain(NEWS_REGISTER_MARKER);
  // With the old tokens the rumor reads like the news post's claim.
  expect(wouldJoin(RUMOR, news.caseId)).toBe(true);

  // A pass cut short after its first chunk keeps what it wrote; the version is not yet complete.
  await expect(
    retokenizeReports({
      chunk: 1,
      onChunk: () => {
        throw new Error('stopped');
      },
    }),
  ).rejects.toThrow('stopped');
  const versions = async () => (await ClaimModel.find({ _id: { $in: [news.id, other.id] } }, { tokenizerVersion: 1 }).lean()).map((claim) => claim.tokenizerVersion ?? null);
  expect((await versions()).filter((version) => version === TOKENIZER_VERSION)).toHaveLength(1);
  expect(await tokensCurrent()).toBe(false);

  // The next pass rewrites only the rest, and marks the version complete; a third finds nothing.
  const resumed = await retokenizeReports({ chunk: 1 });
  expect(resumed.rewritten).toBe(1);
  expect(await versions()).toEqual([TOKENIZER_VERSION, TOKENIZER_VERSION]);
  expect((await ClaimModel.findById(news.id).lean())!.matchTokens).toContain(NEWS_REGISTER_MARKER);
  expect(await tokensCurrent()).toBe(true);
  expect((await retokenizeReports()).rewritten).toBe(0);

  // The index holds what it loaded until it is rebuilt from the database.
  expect(matchIndex().featuresOf(news.id)).not.toContain(NEWS_REGISTER_MARKER);
  await rebuildMatchIndex();
  expect(matchIndex().featuresOf(news.id)).toContain(NEWS_REGISTER_MARKER);
  expect(wouldJoin(RUMOR, news.caseId)).toBe(false);

  const rumor = await report(RUMOR);
  expect(rumor.caseId).not.toBe(news.caseId);
  expect((await ClaimModel.findById(rumor.id).lean())!.match).not.toMatchObject({ outcome: 'joined' });
});

test('matching:retokenize rewrites what is stale and says how many', async () => {
  const text = '【天气预报】市气象台：5月3日夜间到明天白天多云转小雨，气温12到20℃，请市民注意添衣。';
  const stale = await report(text);
  await storedAsBefore(stale.id);
  // The server is built (the second process of other suites runs from server/dist).
  const command = path.resolve(__dirname, '../../server/dist/features/claims/retokenizeCommand.js');
  const { stderr } = await promisify(execFile)(process.execPath, [command], { env: { ...process.env, MONGODB_URI: suite.app.mongodbUri } });
  expect(stderr).toMatch(new RegExp(`Tokenizer version ${TOKENIZER_VERSION}: 1 of \\d+ reports re-tokenised`));
  const rewritten = await ClaimModel.findById(stale.id).lean();
  expect(rewritten).toMatchObject({ tokenizerVersion: TOKENIZER_VERSION, matchTokens: matchTokens(normalizeText(text), matchSettings().segmentation, text) });
});

test('a pass over more stale reports than one engine command takes rewrites them all in its default chunks', async () => {
  const first = await report('【交通提示】市交通委：6月1日起，公交末班车延长至22时，请乘客合理安排出行。');
  const stored = await ClaimModel.findById(first.id).lean();
  // Copies stored before the version existed: far more than the local engine answers in one
  // update command (about 45 statements), fewer than the pass's default chunk of 500.
  const { _id: _storedId, tokenizerVersion: _version, ...fields } = stored!;
  await ClaimModel.collection.insertMany(Array.from({ length: 150 }, (_, k) => ({ ...fields, externalId: `stale-${k}` })));
  const done = await retokenizeReports();
  expect(done.rewritten).toBeGreaterThanOrEqual(150);
  expect(await ClaimModel.countDocuments({ tokenizerVersion: TOKENIZER_VERSION })).toBe(await ClaimModel.countDocuments({}));
});
