import type { ChecklistView } from '@refute/shared';
import { useT } from '../i18n';

/**
 * The review checklist of the case's topic: the experts tick it while drafting, a second expert
 * signs off where the topic asks for one, and the lead reads it when approving.
 */
export function ChecklistPanel({
  checklist,
  people,
  mayTick,
  onTick,
  busy,
}: {
  checklist: ChecklistView;
  people: Record<string, string>;
  mayTick: (item: { secondExpert: boolean }) => boolean;
  onTick: (itemId: string, checked: boolean) => void;
  busy: boolean;
}) {
  const { t, lang } = useT();
  return (
    <section className="panel checklist-panel" data-testid="checklist-panel" data-complete={checklist.complete}>
      <h2>{t('checklistTitle')}</h2>
      {checklist.items.length === 0 ? (
        <p className="muted">{t('checklistEmpty')}</p>
      ) : (
        <ul className="checklist">
          {checklist.items.map((item) => (
            <li key={item.id} data-testid={`checklist-item-${item.id}`}>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={item.tickedBy !== null}
                  disabled={busy || !mayTick(item)}
                  onChange={(event) => onTick(item.id, event.target.checked)}
                />{' '}
                {item.label[lang]}
              </label>
              {item.secondExpert && <span className="muted"> · {t('checklistSecondExpert')}</span>}
              {item.tickedBy && <span className="muted"> · {t('checklistTickedBy', { name: people[item.tickedBy] ?? t('unknownPerson') })}</span>}
            </li>
          ))}
        </ul>
      )}
      {!checklist.complete && checklist.items.length > 0 && <p className="hint">{t('checklistIncompleteHint')}</p>}
    </section>
  );
}
