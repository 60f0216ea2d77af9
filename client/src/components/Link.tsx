import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { Link as RouterLink } from 'wouter';
import { mayLeave } from '../router';

type Props = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string };

/** An in-app link: a real <a> (it opens in a new tab too) that navigates without reloading, asking first when work would be lost. */
export function Link({ to, onClick, ...rest }: Props) {
  const guarded = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (!event.defaultPrevented && !mayLeave()) event.preventDefault();
  };
  return <RouterLink href={to} onClick={guarded} {...rest} />;
}
