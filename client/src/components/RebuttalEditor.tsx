import { useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { useT } from '../i18n';
import { isHttpUrl, sanitizeHtml } from '../sanitize';

interface Props {
  value: string;
  onChange(html: string): void;
  labelledBy?: string;
  invalid?: boolean;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A small rich-text editor. The DOM is the source of truth while typing; `value` is written
 * into it only when it changes from outside (loading a draft), so the caret is never reset.
 */
export function RebuttalEditor({ value, onChange, labelledBy, invalid }: Props) {
  const { t } = useT();
  const editorRef = useRef<HTMLDivElement>(null);
  const lastEmitted = useRef<string | null>(null);
  const savedRange = useRef<Range | null>(null);
  const [linkOpen, setLinkOpen] = useState(false);
  const [linkUrl, setLinkUrl] = useState('https://');
  const [linkError, setLinkError] = useState(false);

  useLayoutEffect(() => {
    const editor = editorRef.current;
    if (!editor || value === lastEmitted.current) return;
    editor.innerHTML = sanitizeHtml(value);
    lastEmitted.current = value;
  }, [value]);

  useEffect(() => {
    // Enter makes <p> paragraphs rather than the browser's default <div>s.
    document.execCommand('defaultParagraphSeparator', false, 'p');
  }, []);

  const emit = () => {
    const editor = editorRef.current;
    if (!editor) return;
    const html = editor.innerHTML;
    lastEmitted.current = html;
    onChange(html);
  };

  const run = (command: string, arg?: string) => {
    editorRef.current?.focus();
    document.execCommand(command, false, arg);
    emit();
  };

  const openLink = () => {
    const selection = window.getSelection();
    const range = selection && selection.rangeCount > 0 ? selection.getRangeAt(0) : null;
    savedRange.current = range && editorRef.current?.contains(range.commonAncestorContainer) ? range.cloneRange() : null;
    setLinkUrl('https://');
    setLinkError(false);
    setLinkOpen(true);
  };

  const applyLink = (event: FormEvent) => {
    event.preventDefault();
    const url = linkUrl.trim();
    if (!isHttpUrl(url)) {
      setLinkError(true);
      return;
    }
    const editor = editorRef.current;
    if (!editor) return;
    editor.focus();
    const selection = window.getSelection();
    const range = savedRange.current;
    if (selection && range) {
      selection.removeAllRanges();
      selection.addRange(range);
    } else if (selection) {
      selection.selectAllChildren(editor);
      selection.collapseToEnd();
    }
    if (!range || range.collapsed) {
      document.execCommand('insertHTML', false, `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>&nbsp;`);
    } else {
      document.execCommand('createLink', false, url);
    }
    setLinkOpen(false);
    emit();
  };

  // mousedown is cancelled so that the editor keeps its selection when a button is pressed.
  const tool = (label: string, text: string, action: () => void, className = '') => (
    <button
      type="button"
      className={`tool ${className}`}
      title={label}
      aria-label={label}
      onMouseDown={(event) => event.preventDefault()}
      onClick={action}
    >
      {text}
    </button>
  );

  return (
    <div className={`rich-editor${invalid ? ' invalid' : ''}`}>
      <div className="toolbar" role="toolbar" aria-label={t('rebuttal')}>
        {tool(t('tbBold'), 'B', () => run('bold'), 'tool-bold')}
        {tool(t('tbItalic'), 'I', () => run('italic'), 'tool-italic')}
        {tool(t('tbList'), '• ≡', () => run('insertUnorderedList'))}
        {tool(t('tbLink'), '🔗', openLink)}
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
      <div
        ref={editorRef}
        className="rich-editor-content prose"
        contentEditable
        suppressContentEditableWarning
        role="textbox"
        aria-multiline="true"
        aria-labelledby={labelledBy}
        aria-invalid={invalid || undefined}
        data-placeholder={t('rebuttalPlaceholder')}
        data-testid="rebuttal-editor"
        onInput={emit}
        onBlur={emit}
      />
    </div>
  );
}
