import { TOPICS } from '@refute/shared';
import { loadTopicExamples, trainTopicClassifier } from '../../server/src/features/triage/topicClassifier';

const examples = loadTopicExamples();

test('the team wrote at least 30 examples per topic', () => {
  for (const topic of TOPICS) expect(examples.filter((example) => example.topic === topic).length).toBeGreaterThanOrEqual(30);
});

test('classifies held-back examples in both languages far above chance (1 in 14)', () => {
  // Every fifth example is held back from training.
  const training = examples.filter((_, i) => i % 5 !== 0);
  const heldBack = examples.filter((_, i) => i % 5 === 0);
  const classifier = trainTopicClassifier(training);
  const correct = heldBack.filter((example) => classifier.classify(example.text).topic === example.topic).length;
  expect(correct / heldBack.length).toBeGreaterThanOrEqual(0.5);
  for (const language of ['zh', 'en']) {
    const ofLanguage = heldBack.filter((example) => /\p{Script=Han}/u.test(example.text) === (language === 'zh'));
    const right = ofLanguage.filter((example) => classifier.classify(example.text).topic === example.topic).length;
    expect(right / ofLanguage.length).toBeGreaterThanOrEqual(0.4);
  }
});

test('reports a confidence between 0 and 1, and other for a text without features', () => {
  const classifier = trainTopicClassifier(examples);
  const guess = classifier.classify('明天本市将发生8级地震，请做好准备');
  expect(TOPICS).toContain(guess.topic);
  expect(guess.confidence).toBeGreaterThan(0);
  expect(guess.confidence).toBeLessThanOrEqual(1);
  expect(classifier.classify('🙂🙂 !!!')).toEqual({ topic: 'other', confidence: 0 });
});
