/**
 * Topic classification for routing: a naive Bayes classifier (natural) over the same features
 * as matching, trained on the team's labelled examples in fixtures/topics/examples.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier';
import { TOPICS, type Topic } from '@refute/shared';
import { FIXTURES_DIR } from '../../paths';
import { normalizeText } from '../matching/normalize';
import { matchTokens } from '../matching/tokens';

export interface LabelledExample {
  text: string;
  topic: Topic;
}

export interface TopicGuess {
  topic: Topic;
  /** The share of the probability mass on the chosen topic, 0 to 1. */
  confidence: number;
}

export interface TopicClassifier {
  classify(text: string): TopicGuess;
}

const featuresOf = (text: string) => matchTokens(normalizeText(text), 'bigrams');

/**
 * natural's Bayes classifier with the same feature vector (1 where the tokens hold a known
 * feature, 0 where not, in the order of its features) built from a set of the tokens: natural
 * looks every known feature up in the token list, which for every training example is thousands
 * of features times its tokens, seconds of CPU at each start and milliseconds for each report.
 */
class TokenSetBayesClassifier extends BayesClassifier {
  /**
   * Each known feature's place in natural's order, found once after the examples change, not per
   * example: a vector is then set from the text's few tokens rather than read off every feature.
   */
  private featurePlaces: { count: number; places: Map<string, number> } | undefined;

  override addDocument(text: string | string[], classification: string): void {
    this.featurePlaces = undefined;
    super.addDocument(text, classification);
  }

  override removeDocument(text: string | string[], classification: string): void {
    this.featurePlaces = undefined;
    super.removeDocument(text, classification);
  }

  override textToFeatures(observation: string | string[]): number[] {
    if (typeof observation === 'string') return super.textToFeatures(observation);
    if (!this.featurePlaces) {
      const features = Object.keys(this.features);
      this.featurePlaces = { count: features.length, places: new Map(features.map((feature, place) => [feature, place])) };
    }
    const vector = new Array<number>(this.featurePlaces.count).fill(0);
    for (const token of observation) {
      const place = this.featurePlaces.places.get(token);
      if (place !== undefined) vector[place] = 1;
    }
    return vector;
  }
}

export function trainTopicClassifier(examples: readonly LabelledExample[]): TopicClassifier {
  const classifier = new TokenSetBayesClassifier();
  for (const example of examples) classifier.addDocument(featuresOf(example.text), example.topic);
  classifier.train();
  return {
    classify(text) {
      const features = featuresOf(text);
      if (features.length === 0) return { topic: 'other', confidence: 0 };
      const scores = classifier.getClassifications(features);
      const total = scores.reduce((sum, score) => sum + score.value, 0);
      const best = scores[0];
      if (!best || total <= 0) return { topic: 'other', confidence: 0 };
      return { topic: best.label as Topic, confidence: Math.round((best.value / total) * 1000) / 1000 };
    },
  };
}

/** The team's labelled examples: fixtures/topics/examples.json and the topics of the demo reports. */
export function loadTopicExamples(files = ['topics/examples.json', 'demo/claims.json']): LabelledExample[] {
  const examples: LabelledExample[] = [];
  for (const file of files) {
    const full = path.join(FIXTURES_DIR, file);
    if (!fs.existsSync(full)) continue;
    for (const example of JSON.parse(fs.readFileSync(full, 'utf8')) as LabelledExample[]) {
      if (!TOPICS.includes(example.topic)) throw new Error(`Unknown topic ${example.topic} in ${full}`);
      examples.push({ text: example.text, topic: example.topic });
    }
  }
  if (examples.length === 0) throw new Error(`No labelled topic examples found in ${FIXTURES_DIR}`);
  return examples;
}

let shared: TopicClassifier | undefined;

/** The classifier trained on the team's examples, trained on first use. */
export function topicClassifier(): TopicClassifier {
  shared ??= trainTopicClassifier(loadTopicExamples());
  return shared;
}
