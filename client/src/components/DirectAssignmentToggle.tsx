import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ExpertView } from '@refute/shared';
import { api } from '../api';
import { errorMessage } from '../errors';
import { useT } from '../i18n';
import { queryKeys } from '../queries';
import { ErrorBanner } from './ErrorBanner';

/** An expert opts in to (or out of) direct assignment: saved as soon as the box changes. */
export function DirectAssignmentToggle({ expert }: { expert: ExpertView }) {
  const { t } = useT();
  const client = useQueryClient();
  // The box shows the choice at once, in the same render as the click: the mutation's own pending
  // state arrives a tick later, and a controlled box would flick back until then.
  const [choosing, setChoosing] = useState<boolean | null>(null);
  const save = useMutation({
    mutationFn: (directAssignment: boolean) => api.setMyDirectAssignment(directAssignment),
    onSuccess: (saved) => client.setQueryData(queryKeys.myExpertProfile, saved),
  });
  return (
    <section data-testid="direct-assignment">
      <h2>{t('availabilityDirectTitle')}</h2>
      <p className="muted">{t('availabilityDirectIntro')}</p>
      <label>
        <input
          type="checkbox"
          data-testid="direct-assignment-toggle"
          checked={choosing ?? expert.directAssignment}
          disabled={save.isPending}
          onChange={(event) => {
            setChoosing(event.target.checked);
            save.mutate(event.target.checked, { onSettled: () => setChoosing(null) });
          }}
        />{' '}
        {t('availabilityDirectOn')}
      </label>
      <ErrorBanner message={save.error ? errorMessage(save.error, t) : null} onDismiss={() => save.reset()} />
      {save.isSuccess && (
        <span role="status" className="muted">
          {' '}
          {t(expert.directAssignment ? 'availabilityDirectSaved' : 'availabilityDirectOffSaved')}
        </span>
      )}
    </section>
  );
}
