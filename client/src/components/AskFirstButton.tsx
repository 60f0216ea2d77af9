import type { ReactNode } from 'react';

/** A small button that asks `question` first and acts only when the answer is yes. */
export function AskFirstButton(props: {
  question: string;
  onConfirm: () => void;
  testId: string;
  className?: string;
  title?: string;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={props.className ?? 'btn btn-ghost btn-small'}
      data-testid={props.testId}
      title={props.title}
      onClick={() => {
        if (window.confirm(props.question)) props.onConfirm();
      }}
      disabled={props.disabled}
    >
      {props.children}
    </button>
  );
}
