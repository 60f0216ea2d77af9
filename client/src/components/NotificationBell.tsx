import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotificationKind, NotificationList, NotificationView } from '@refute/shared';
import { api } from '../api';
import { Bell } from 'lucide-react';
import { useT, type MessageKey } from '../i18n';
import { movedHighlight } from '../menuNavigation';
import { queryKeys } from '../queries';
import { navigate } from '../router';
import { useNotificationStream } from '../realtime';
import { errorMessage } from '../errors';
import { useUser } from '../session';
import { useOffers } from '../useOffers';
import { usePages } from '../usePages';
import { OfferActions } from './OfferActions';
import { RelativeTime } from './RelativeTime';
import { absoluteTime } from '../format';
import '../discussion.css';

const NOTIFICATION_TEXT = {
  mention: 'notifMention',
  assigned: 'notifAssigned',
  reports_changed: 'notifReportsChanged',
  reopened: 'notifReopened',
  submitted: 'notifSubmitted',
  returned: 'notifReturned',
  approved: 'notifApproved',
  hotspot: 'notifHotspot',
  webhook_disabled: 'notifWebhookDisabled',
  at_risk_unassigned: 'notifAtRiskUnassigned',
  at_risk_no_draft: 'notifAtRiskNoDraft',
  escalated: 'notifEscalated',
  deadline_missed: 'notifDeadlineMissed',
  page_unacknowledged: 'notifPageUnacknowledged',
  offered: 'notifOffered',
} as const satisfies Record<NotificationKind, MessageKey>;

/** Where a notification leads: its case, or the platform console (a webhook endpoint Refute disabled). */
const targetOf = (notification: NotificationView) => (notification.caseId ? `/cases/${notification.caseId}` : '/platform');

/** The signed-in user's notifications: unread count on the bell, the latest in a drop-down, live. */
export function NotificationBell() {
  const { t, lang } = useT();
  const client = useQueryClient();
  // The bell is secondary: a failed load leaves it empty and a reconnect or the next event reads again.
  const { data } = useQuery({ queryKey: queryKeys.notifications, queryFn: ({ signal }) => api.notifications(signal) });
  const items = data?.items ?? [];
  const unread = data?.unreadCount ?? 0;
  // Which item takes the focus when the menu opens: the first, or the last (opened with ArrowUp).
  const [open, setOpen] = useState<'first' | 'last' | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const titleId = useId();
  const menuId = useId();
  const user = useUser();
  // Offers are answered from their notification while they are still open.
  const { answer, openFor, refetch: refetchOffers } = useOffers(user);
  // An on-call page is acknowledged from the notification of the emergency given to the expert.
  const { acknowledge, pageFor, refetch: refetchPages } = usePages(user);
  const [offerMessage, setOfferMessage] = useState<string | null>(null);
  const update = (change: (list: NotificationList) => NotificationList) =>
    client.setQueryData<NotificationList>(queryKeys.notifications, (list) => list && change(list));

  useNotificationStream(
    (notification) => {
      if (notification.kind === 'offered') refetchOffers();
      if (notification.kind === 'assigned') refetchPages();
      update((list) =>
        list.items.some((known) => known.id === notification.id) ? list : { items: [notification, ...list.items], unreadCount: list.unreadCount + 1 },
      );
    },
    () => void client.invalidateQueries({ queryKey: queryKeys.notifications }),
  );

  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: MouseEvent) => {
      if (box.current && !box.current.contains(event.target as Node)) setOpen(null);
    };
    document.addEventListener('mousedown', closeOutside);
    return () => document.removeEventListener('mousedown', closeOutside);
  }, [open]);

  const menuItems = () => Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

  // A menu takes the focus when it opens (WAI-ARIA menu button), so arrows work at once.
  useEffect(() => {
    if (!open) return;
    const all = menuItems();
    all[open === 'first' ? 0 : all.length - 1]?.focus();
  }, [open]);

  const close = () => {
    setOpen(null);
    button.current?.focus();
  };

  const onButtonKeyDown = (event: KeyboardEvent) => {
    // Enter and Space reach onClick as a click; the arrows open the menu at either end.
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    setOpen(event.key === 'ArrowDown' ? 'first' : 'last');
  };

  const onMenuKeyDown = (event: KeyboardEvent) => {
    const all = menuItems();
    const current = all.indexOf(document.activeElement as HTMLElement);
    const target = movedHighlight(event.key, current, all.length);
    if (target !== null) all[target]!.focus();
    else if (event.key === 'Escape') close();
    else if (event.key === ' ') all[current]?.click();
    else {
      // Tab leaves the menu where the browser takes the focus; a menu left behind would hide the page.
      if (event.key === 'Tab') setOpen(null);
      return;
    }
    event.preventDefault();
  };

  const markRead = (notification: NotificationView) => {
    if (!notification.read) {
      update((list) => ({
        items: list.items.map((item) => (item.id === notification.id ? { ...item, read: true } : item)),
        unreadCount: Math.max(0, list.unreadCount - 1),
      }));
      api.markNotificationRead(notification.id).catch((error: unknown) => console.error(error));
    }
  };

  const follow = (notification: NotificationView) => {
    setOpen(null);
    markRead(notification);
    navigate(targetOf(notification));
  };

  const answerOffer = (notification: NotificationView, accept: boolean) => {
    const { caseId } = notification;
    if (!caseId) return;
    setOfferMessage(null);
    answer.mutate(
      { caseId, accept },
      {
        onSuccess: () => {
          markRead(notification);
          if (accept) follow(notification);
          else setOfferMessage(t('offerDeclined'));
        },
        onError: (error) => setOfferMessage(errorMessage(error, t)),
      },
    );
  };

  const acknowledgePage = (notification: NotificationView) => {
    const { caseId } = notification;
    if (!caseId) return;
    setOfferMessage(null);
    acknowledge.mutate(caseId, {
      onSuccess: () => follow(notification),
      onError: (error) => setOfferMessage(errorMessage(error, t)),
    });
  };

  return (
    <div className="notification-bell" ref={box} data-testid="notifications">
      <button
        ref={button}
        type="button"
        className="btn btn-ghost btn-small"
        aria-label={t('notificationsLabel', { count: unread })}
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen(open ? null : 'first')}
        onKeyDown={onButtonKeyDown}
      >
        <Bell size={18} aria-hidden />
        {unread > 0 && (
          // The button's label says how many are unread, with the number as a word of its own so
          // that the visible count is part of the spoken name (WCAG 2.5.3).
          <span className="notification-count" data-testid="notification-count" aria-hidden="true">
            {unread}
          </span>
        )}
      </button>
      {open && (
        <div className="notification-menu">
          <h3 id={titleId}>{t('notificationsTitle')}</h3>
          {offerMessage && (
            <p role="status" className="muted" data-testid="offer-message">
              {offerMessage}
            </p>
          )}
          <ul id={menuId} role="menu" aria-labelledby={titleId} ref={menu} onKeyDown={onMenuKeyDown}>
            {items.length === 0 ? (
              // An empty menu still holds the focus, on an item that says why there is nothing.
              <li role="none">
                <span role="menuitem" aria-disabled="true" tabIndex={-1} className="muted">
                  {t('notificationsEmpty')}
                </span>
              </li>
            ) : (
              items.map((item) => (
                <li key={item.id} role="none" className={item.read ? undefined : 'unread'}>
                  <a
                    href={targetOf(item)}
                    role="menuitem"
                    tabIndex={-1}
                    data-testid="notification-item"
                    onClick={(event) => {
                      if (event.button !== 0 || event.metaKey || event.ctrlKey) return;
                      event.preventDefault();
                      follow(item);
                    }}
                  >
                    <span>
                      {t(NOTIFICATION_TEXT[item.kind], { name: item.actor.name, title: item.caseTitle })}
                    </span>
                    {item.excerpt && <span className="muted notification-excerpt">{item.excerpt}</span>}
                    <RelativeTime iso={item.createdAt} />
                  </a>
                  {item.kind === 'offered' && item.caseId && openFor(item.caseId) && (
                    <OfferActions asMenuItems busy={answer.isPending} onAnswer={(accept) => answerOffer(item, accept)} />
                  )}
                  {item.kind === 'assigned' && item.caseId && pageFor(item.caseId) && (
                    <span className="offer-actions">
                      <span className="muted">{t('acknowledgePageHint', { time: absoluteTime(pageFor(item.caseId)!.dueAt, lang) })}</span>
                      <button
                        type="button"
                        role="menuitem"
                        tabIndex={-1}
                        className="btn btn-small btn-primary"
                        data-testid="page-acknowledge"
                        disabled={acknowledge.isPending}
                        onClick={() => acknowledgePage(item)}
                      >
                        {t('acknowledgePage')}
                      </button>
                    </span>
                  )}
                </li>
              ))
            )}
          </ul>
        </div>
      )}
    </div>
  );
}
