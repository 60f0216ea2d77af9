import { TOPICS, type Topic } from '@refute/shared';
import { percent } from '../format';
import { useT } from '../i18n';

interface Props {
  topic: Topic;
  /** The classifier's confidence; null when a reviewer set the topic. */
  confidence: number | null;
  /** Given when the user may correct the topic. */
  onChange?: (topic: Topic) => void;
  disabled?: boolean;
}

/** The case topic, where it came from, and a select for reviewers to correct it. */
export function TopicField({ topic, confidence, onChange, disabled }: Props) {
  const { t, lang, labels } = useT();
  return (
    <span className="topic-field">
      {onChange ? (
        <select
          className="input input-small"
          data-testid="topic-select"
          aria-label={t('caseTopic')}
          value={topic}
          disabled={disabled}
          onChange={(event) => onChange(event.target.value as Topic)}
        >
          {TOPICS.map((value) => (
            <option key={value} value={value}>
              {labels.topic[value]}
            </option>
          ))}
        </select>
      ) : (
        <span data-testid="case-topic">{labels.topic[topic]}</span>
      )}
      <span
        className="topic-source muted"
        data-testid="topic-source"
        title={confidence === null ? undefined : t('topicAutoHint')}
      >
        {confidence === null ? t('topicByReviewer') : t('topicAuto', { pct: percent(confidence, lang) })}
      </span>
    </span>
  );
}
