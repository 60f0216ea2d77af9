import { useEffect, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotificationKind, NotificationList, NotificationView } from '@refute/shared';
import { api } from '../api';
import { Bell } from 'lucide-react';
import { useT, type MessageKey } from '../i18n';
import { queryKeys } from '../queries';
import { navigate } from '../router';
import { useNotificationStream } from '../realtime';
import { RelativeTime } from './RelativeTime';
import '../discussion.css';

const NOTIFICATION_TEXT = {
  mention: 'notifMention',
  assigned: 'notifAssigned',
  reports_changed: 'notifReportsChanged',
  reopened: 'notifReopened',
} as const satisfies Record<NotificationKind, MessageKey>;

/** The signed-in user's notifications: unread count on the bell, the latest in a drop-down, live. */
export function NotificationBell() {
  const { t } = useT();
  const client = useQueryClient();
  // The bell is secondary: a failed load leaves it empty and a reconnect or the next event reads again.
  const { data } = useQuery({ queryKey: queryKeys.notifications, queryFn: ({ signal }) => api.notifications(signal) });
  const items = data?.items ?? [];
  const unread = data?.unreadCount ?? 0;
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const update = (change: (list: NotificationList) => NotificationList) =>
    client.setQueryData<NotificationList>(queryKeys.notifications, (list) => list && change(list));

  useNotificationStream(
    (notification) =>
      update((list) =>
        list.items.some((known) => known.id === notification.id) ? list : { items: [notification, ...list.items], unreadCount: list.unreadCount + 1 },
      ),
    () => void client.invalidateQueries({ queryKey: queryKeys.notifications }),
  );

  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: MouseEvent) => {
      if (box.current && !box.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', closeOutside);
    return () => document.removeEventListener('mousedown', closeOutside);
  }, [open]);

  const follow = (notification: NotificationView) => {
    setOpen(false);
    if (!notification.read) {
      update((list) => ({
        items: list.items.map((item) => (item.id === notification.id ? { ...item, read: true } : item)),
        unreadCount: Math.max(0, list.unreadCount - 1),
      }));
      api.markNotificationRead(notification.id).catch((error: unknown) => console.error(error));
    }
    navigate(`/cases/${notification.caseId}`);
  };

  return (
    <div className="notification-bell" ref={box} data-testid="notifications">
      <button
        type="button"
        className="btn btn-ghost btn-small"
        aria-label={t('notificationsLabel', { count: unread })}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <Bell size={18} aria-hidden />
        {unread > 0 && (
          <span className="notification-count" data-testid="notification-count">
            {unread}
          </span>
        )}
      </button>
      {open && (
        <div className="notification-menu" role="menu">
          <h3>{t('notificationsTitle')}</h3>
          {items.length === 0 ? (
            <p className="muted">{t('notificationsEmpty')}</p>
          ) : (
            <ul>
              {items.map((item) => (
                <li key={item.id} className={item.read ? undefined : 'unread'}>
                  <a
                    href={`/cases/${item.caseId}`}
                    role="menuitem"
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
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
