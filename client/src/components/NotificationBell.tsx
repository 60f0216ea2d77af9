import { useCallback, useEffect, useRef, useState } from 'react';
import type { NotificationKind, NotificationView } from '@refute/shared';
import { api } from '../api';
import { useT, type MessageKey } from '../i18n';
import { navigate } from '../router';
import { useNotificationStream } from '../realtime';
import { RelativeTime } from './RelativeTime';
import '../discussion.css';

const NOTIFICATION_TEXT: Record<NotificationKind, MessageKey> = {
  mention: 'notifMention',
  assigned: 'notifAssigned',
  reports_changed: 'notifReportsChanged',
};

/** The signed-in user's notifications: unread count on the bell, the latest in a drop-down, live. */
export function NotificationBell() {
  const { t } = useT();
  const [items, setItems] = useState<NotificationView[]>([]);
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);

  const load = useCallback(() => {
    api
      .notifications()
      .then((list) => {
        setItems(list.items);
        setUnread(list.unreadCount);
      })
      // The bell is secondary: a failed load leaves it as it was and the next event retries.
      .catch((error: unknown) => console.error(error));
  }, []);
  useEffect(load, [load]);
  useNotificationStream((notification) => {
    setItems((list) => (list.some((known) => known.id === notification.id) ? list : [notification, ...list]));
    setUnread((count) => count + 1);
  }, load);

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
      setItems((list) => list.map((item) => (item.id === notification.id ? { ...item, read: true } : item)));
      setUnread((count) => Math.max(0, count - 1));
      api.markNotificationRead(notification.id).catch((error: unknown) => console.error(error));
    }
    navigate(`/cases/${notification.caseId}`);
  };

  return (
    <div className="notification-bell" ref={box} data-testid="notifications">
      <button
        type="button"
        className="btn btn-ghost btn-small"
        aria-label={t('notificationsLabel', { n: unread })}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">🔔</span>
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
