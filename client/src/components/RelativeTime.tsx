import { absoluteTime, relativeTime } from '../format';
import { useT } from '../i18n';
import { useNow } from '../useNow';

export function RelativeTime({ iso }: { iso: string }) {
  const { lang } = useT();
  const now = useNow();
  return (
    <time dateTime={iso} title={absoluteTime(iso, lang)}>
      {relativeTime(iso, lang, now)}
    </time>
  );
}
