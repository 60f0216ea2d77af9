import { LANES, QUEUE_STATUSES, type QueueCounts } from '@refute/shared';
import { useT } from '../i18n';

/**
 * One row of counts, a chip per value: pressing a chip filters by its value, pressing it again
 * lifts the filter.
 */
function ChipGroup<T extends string>(props: {
  facet: 'lane' | 'status';
  label: string;
  values: readonly T[];
  counts: Record<T, number>;
  valueLabel: (value: T) => string;
  selected: string;
  onSelect: (value: T | '') => void;
}) {
  return (
    <div className="chip-group" role="group" aria-label={props.label} data-testid={`${props.facet}-counts`}>
      <span className="chip-group-label">{props.label}</span>
      {props.values.map((value) => (
        <button
          key={value}
          type="button"
          className={props.selected === value ? 'btn btn-primary chip' : 'btn chip'}
          aria-pressed={props.selected === value}
          data-testid={`chip-${props.facet}-${value}`}
          data-count={props.counts[value]}
          onClick={() => props.onSelect(props.selected === value ? '' : value)}
        >
          {props.valueLabel(value)}
          <span className="chip-count">{props.counts[value]}</span>
        </button>
      ))}
    </div>
  );
}

/** The number of cases found, and the active queue's counts per lane and per status. */
export function QueueFacets(props: {
  total: number | null;
  counts: QueueCounts | null;
  lane: string;
  status: string;
  onLane: (lane: (typeof LANES)[number] | '') => void;
  onStatus: (status: (typeof QUEUE_STATUSES)[number] | '') => void;
}) {
  const { t, labels } = useT();
  const { counts } = props;
  return (
    <div className="queue-facets">
      <p className="queue-total" data-testid="queue-total" data-total={props.total ?? undefined} aria-live="polite">
        {props.total === null ? '\u00a0' : t('queueTotal', { count: props.total })}
      </p>
      {counts && (
        <>
          <ChipGroup
            facet="lane"
            label={t('filterLane')}
            values={LANES}
            counts={counts.lane}
            valueLabel={(lane) => labels.lane[lane]}
            selected={props.lane}
            onSelect={props.onLane}
          />
          <ChipGroup
            facet="status"
            label={t('filterStatus')}
            values={QUEUE_STATUSES}
            counts={counts.status}
            valueLabel={(status) => labels.status[status]}
            selected={props.status}
            onSelect={props.onStatus}
          />
        </>
      )}
    </div>
  );
}
