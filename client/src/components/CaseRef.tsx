import { useT } from '../i18n';
import { Link } from './Link';

export const shortId = (id: string) => id.slice(-6);

/** A link to another case, by its title when known, else by its short id. */
export function CaseRef({ id, title, testId }: { id: string; title?: string | null; testId?: string }) {
  const { t } = useT();
  return (
    <Link to={`/cases/${encodeURIComponent(id)}`} data-testid={testId} data-case-id={id}>
      {title || t('caseShortId', { id: shortId(id) })}
    </Link>
  );
}
