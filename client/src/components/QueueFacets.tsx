import { LANES, QUEUE_STATUSES, type QueueCounts } from '@refute/shared';
import { useT } from '../i18n';

interface Chip {
  key: string;
  label: string;
  count: number;
  pressed: boolean;
  toggle: () => void;
}

/** One row of counts; each chip filters by its value, and pressed again lifts the filter. */
function ChipGroup({ label, testId, chips }: { label: string; testId: string; chips: Chip[] }) {
  return (
    <div className="chip-group" role="group" aria-label={label} data-testid={testId}>
      <span className="chip-group-label">{label}</span>
      {chips.map((chip) => (
        <button
          key={chip.key}
          type="button"
          className="chip"
          aria-pressed={chip.pressed}
          data-testid={`chip-${chip.key}`}
          data-count={chip.count}
          onClick={chip.toggle}
        >
          {chip.label}
          <span className="chip-count">{chip.count}</span>
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
            label={t('filterLane')}
            testId="lane-counts"
            chips={LANES.map((lane) => ({
              key: `lane-${lane}`,
              label: labels.lane[lane],
              count: counts.lane[lane],
              pressed: props.lane === lane,
              toggle: () => props.onLane(props.lane === lane ? '' : lane),
            }))}
          />
          <ChipGroup
            label={t('filterStatus')}
            testId="status-counts"
            chips={QUEUE_STATUSES.map((status) => ({
              key: `status-${status}`,
              label: labels.status[status],
              count: counts.status[status],
              pressed: props.status === status,
              toggle: () => props.onStatus(props.status === status ? '' : status),
            }))}
          />
        </>
      )}
    </div>
  );
}
