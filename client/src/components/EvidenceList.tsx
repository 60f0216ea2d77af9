import type { Evidence } from '@refute/shared';
import { useT } from '../i18n';
import { isHttpUrl } from '../sanitize';

export function EvidenceList({ items }: { items: Evidence[] }) {
  const { t, labels } = useT();
  if (items.length === 0) return <p className="muted">{t('noEvidence')}</p>;
  return (
    <ul className="evidence-list">
      {items.map((item, index) => (
        <li key={`${index}-${item.url}`}>
          <span className={`badge kind kind-${item.kind}`}>{labels.evidenceKind[item.kind]}</span>
          {isHttpUrl(item.url) ? (
            <a href={item.url} target="_blank" rel="noopener noreferrer">
              {item.title}
            </a>
          ) : (
            <span>{item.title}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
