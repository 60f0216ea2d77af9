import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Bold, Italic, Link as LinkIcon, List } from 'lucide-react';
import { baseKeymap, toggleMark } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import { liftListItem, sinkListItem, splitListItem, wrapInList } from 'prosemirror-schema-list';
import { EditorState, type Command } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { redo, undo, yCursorPlugin, ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import type { RebuttalProvider, SyncState } from '../coediting/provider';
import { documentToHtml, rebuttalSchema } from '../coediting/schema';
import { REBUTTAL_FRAGMENT } from '../coediting/seed';
import { useT } from '../i18n';
import { isHttpUrl } from '../sanitize';

interface Props {
  provider: RebuttalProvider;
  syncState: SyncState;
  /** Called with the document as HTML whenever anyone changes it. */
  onChange(html: string): void;
  labelledBy?: string;
  invalid?: boolean;
}

const { marks, nodes } = rebuttalSchema;

const toggleBulletList: Command = (state, dispatch) =>
  liftListItem(nodes.list_item)(state, dispatch) || wrapInList(nodes.bullet_list)(state, dispatch);

/**
 * The rebuttal editor: ProseMirror bound to the case's shared Yjs document, so several experts
 * type at once and see each other's cursors; undo takes back only one's own changes.
 */
export function RebuttalEditor({ provider, syncState, onChange, labelledBy, invalid }: Props) {
  const { t } = useT();
  const mountRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const syncedRef = useRef(syncState === 'synced');
  syncedRef.current = syncState === 'synced';
  /** Whether this document has been synced once: until then it may not be typed in. */
  const everSyncedRef = useRef(false);
  if (syncState === 'synced') everSyncedRef.current = true;
  const [linkOpen, setLinkOpen] = useState(false);
  const [linkUrl, setLinkUrl] = useState('https://');
  const [linkError, setLinkError] = useState(false);

  useEffect(() => {
    const mount = mountRef.current;
    if (!mount) return;
    everSyncedRef.current = provider.syncState === 'synced';
    const state = EditorState.create({
      schema: rebuttalSchema,
      plugins: [
        ySyncPlugin(provider.doc.getXmlFragment(REBUTTAL_FRAGMENT)),
        yCursorPlugin(provider.awareness),
        yUndoPlugin(),
        keymap({
          'Mod-z': undo,
          'Mod-y': redo,
          'Mod-Shift-z': redo,
          'Mod-b': toggleMark(marks.strong),
          'Mod-i': toggleMark(marks.em),
          Enter: splitListItem(nodes.list_item),
          Tab: sinkListItem(nodes.list_item),
          'Shift-Tab': liftListItem(nodes.list_item),
        }),
        keymap(baseKeymap),
      ],
    });
    const view = new EditorView(mount, {
      state,
      // Typing waits for the first sync, so nothing is written over a document not yet received.
      editable: () => everSyncedRef.current,
      attributes: {
        class: 'rich-editor-content prose',
        role: 'textbox',
        'aria-multiline': 'true',
        'data-testid': 'rebuttal-editor',
        'data-placeholder': t('rebuttalPlaceholder'),
        ...(labelledBy ? { 'aria-labelledby': labelledBy } : {}),
      },
      // `this` is the view: plugins may dispatch while it is still being constructed.
      dispatchTransaction(this: EditorView, transaction) {
        // The shared document's listeners (cursors, sync) may fire after the page was left.
        if (this.isDestroyed) return;
        const next = this.state.apply(transaction);
        this.updateState(next);
        this.dom.classList.toggle('empty', next.doc.textContent.length === 0);
        // Before the first sync the document is not yet the shared one: nothing to report.
        if (transaction.docChanged && syncedRef.current) onChangeRef.current(documentToHtml(next.doc));
      },
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
    // One view per shared document; the placeholder follows the language in an effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [provider]);

  useEffect(() => {
    const view = viewRef.current;
    view?.dom.setAttribute('aria-invalid', invalid ? 'true' : 'false');
    view?.dom.classList.toggle('empty', view.state.doc.textContent.length === 0);
  }, [invalid, provider]);

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    view.setProps({ editable: () => everSyncedRef.current });
    // Once synced, the shared document is what the draft saves.
    if (syncState === 'synced') onChangeRef.current(documentToHtml(view.state.doc));
  }, [syncState]);

  useEffect(() => viewRef.current?.dom.setAttribute('data-placeholder', t('rebuttalPlaceholder')), [t]);

  const run = (command: Command) => {
    const view = viewRef.current;
    if (!view) return;
    view.focus();
    command(view.state, view.dispatch);
  };

  const applyLink = (event: FormEvent) => {
    event.preventDefault();
    const url = linkUrl.trim();
    if (!isHttpUrl(url)) {
      setLinkError(true);
      return;
    }
    const view = viewRef.current;
    if (!view) return;
    const { from, to, empty } = view.state.selection;
    const link = marks.link.create({ href: url });
    const transaction = empty
      ? view.state.tr.insert(from, rebuttalSchema.text(url, [link]))
      : view.state.tr.addMark(from, to, link);
    view.dispatch(transaction);
    view.focus();
    setLinkOpen(false);
  };

  // mousedown is cancelled so that the editor keeps its selection when a button is pressed.
  const tool = (label: string, icon: ReactNode, action: () => void, className = '') => (
    <button
      type="button"
      className={`tool ${className}`}
      title={label}
      aria-label={label}
      onMouseDown={(event) => event.preventDefault()}
      onClick={action}
    >
      {icon}
    </button>
  );

  return (
    <div className={`rich-editor${invalid ? ' invalid' : ''}`}>
      <div className="toolbar" role="toolbar" aria-label={t('rebuttal')}>
        {tool(t('tbBold'), <Bold size={16} aria-hidden />, () => run(toggleMark(marks.strong)), 'tool-bold')}
        {tool(t('tbItalic'), <Italic size={16} aria-hidden />, () => run(toggleMark(marks.em)), 'tool-italic')}
        {tool(t('tbList'), <List size={16} aria-hidden />, () => run(toggleBulletList))}
        {tool(t('tbLink'), <LinkIcon size={16} aria-hidden />, () => {
          setLinkUrl('https://');
          setLinkError(false);
          setLinkOpen(true);
        })}
        <span className={`sync-state sync-${syncState}`} data-testid="rebuttal-sync" data-state={syncState}>
          {t(`sync_${syncState}`)}
        </span>
      </div>
      {linkOpen && (
        <form className="link-form" onSubmit={applyLink}>
          <input
            className="input input-small"
            type="url"
            value={linkUrl}
            autoFocus
            aria-label={t('tbLink')}
            aria-invalid={linkError || undefined}
            onChange={(event) => setLinkUrl(event.target.value)}
          />
          <button type="submit" className="btn btn-small">
            {t('tbLinkApply')}
          </button>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setLinkOpen(false)}>
            {t('tbLinkCancel')}
          </button>
          {linkError && <span className="field-error">{t('tbLinkInvalid')}</span>}
        </form>
      )}
      <div ref={mountRef} />
    </div>
  );
}
