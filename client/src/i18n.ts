import { useCallback, useSyncExternalStore } from 'react';
import type { CaseStatus, EvidenceKind, Lane, MatchDecisionView, Role, Topic, Verdict } from '@refute/shared';

export type Lang = 'zh' | 'en';

const en = {
  appName: 'Refute',
  appTagline: 'Science rumor review',
  loading: 'Loading…',
  navQueue: 'Queue',
  navFeed: 'Published',
  logout: 'Log out',
  login: 'Log in',
  langToggle: '中文',
  langToggleLabel: 'Switch language',

  loginTitle: 'Sign in to the review workbench',
  email: 'Email',
  password: 'Password',
  loginSubmit: 'Sign in',
  loggingIn: 'Signing in…',

  queueTitle: 'Review queue',
  filterStatus: 'Status',
  filterLane: 'Lane',
  filterTopic: 'Topic',
  filterAll: 'All',
  filterMine: 'Only my cases',
  refresh: 'Refresh',
  loadMore: 'Load more',
  queueEmpty: 'No cases match these filters.',
  reports: '{n} reports',
  reach: 'reach {n}',
  due: 'due {when}',
  overdue: 'overdue, was due {when}',
  assignedToMe: 'mine',

  backToQueue: '← Queue',
  caseTopic: 'Topic',
  caseLane: 'Lane',
  caseDeadline: 'Deadline',
  caseReports: 'Reports',
  caseReach: 'Reach',
  caseAssignees: 'Reviewers',
  nobody: 'nobody yet',
  you: 'you',
  presenceHere: 'On this case now:',
  presenceEditing: 'editing {field}',
  claim: 'Claim this case',
  claimHint: 'This case is open. Claim it to start writing the review.',
  draftTitle: 'Review draft',
  readOnlyHint: 'Read only: you are not reviewing this case in its current state.',
  verdict: 'Verdict',
  chooseVerdict: '— choose a verdict —',
  headline: 'Headline',
  headlinePlaceholder: 'One sentence that states what is true',
  summary: 'Plain-language summary',
  summaryHint: 'Short and simple, readable by elderly people.',
  rebuttal: 'Rebuttal',
  rebuttalPlaceholder: 'Explain why, with sources…',
  sync_connecting: 'Connecting…',
  sync_synced: 'Live: changes are shared as you type',
  sync_offline: 'Offline: your typing is kept and sent on reconnect',
  sync_refused: 'Not shared yet: retrying; your text is kept here',
  rebuttalNotSynced: 'The rebuttal is not in sync with the others yet; wait a moment and try again.',
  liveMergedTitle: 'Someone else saved the draft meanwhile',
  liveMergedBody: 'Their changes to fields you had not touched are taken in. You also changed: {fields}; your text is kept there and saving will replace theirs.',
  liveMergedTheirs: 'Use their version of these fields',
  evidence: 'Evidence',
  evidenceTitle: 'Title',
  evidenceUrl: 'URL (https://…)',
  evidenceKind: 'Kind',
  evidenceAdd: '+ Add evidence',
  evidenceRemove: 'Remove',
  evidenceInvalid: 'Each evidence item needs a title and an http(s) URL.',
  noEvidence: 'No evidence yet.',
  save: 'Save draft',
  saving: 'Saving…',
  saved: 'Saved (version {n}).',
  unsaved: 'Unsaved changes',
  allSaved: 'All changes saved',
  submit: 'Submit for approval',
  submitting: 'Submitting…',
  submitted: 'Submitted for approval.',
  approve: 'Approve and publish',
  approving: 'Publishing…',
  approvedMsg: 'Approved and published.',
  viewFeed: 'See it in the published feed',
  returnLabel: 'Comment for the reviewers',
  returnPlaceholder: 'What needs to change?',
  returnAction: 'Return for changes',
  returnNeedsComment: 'Write a comment so the reviewers know what to change.',
  returnedMsg: 'Returned to the reviewers.',
  returnedNote: 'Returned by the lead reviewer',
  fourEyesNote: 'You wrote part of this draft, so another lead reviewer must approve it.',
  awaitingApproval: 'Waiting for a lead reviewer to approve.',
  missingFields: 'Before submitting, fill in: {fields}.',
  conflictTitle: 'Someone else saved this draft while you were editing.',
  conflictBody: 'Your changes were not saved. The latest version is {n}{by}.',
  conflictFields: 'Both of you changed: {fields}.',
  conflictBy: ', saved {when}',
  conflictLoad: 'Load latest (discard my changes)',
  conflictOverwrite: 'Save mine over it',
  alreadyClaimed: 'Someone else claimed this case first.',
  tbUndo: 'Undo',
  tbBold: 'Bold',
  tbItalic: 'Italic',
  tbList: 'Bullet list',
  tbLink: 'Link',
  tbLinkApply: 'Add link',
  tbLinkCancel: 'Cancel',
  tbLinkInvalid: 'Enter an http(s) URL.',
  reportsTitle: 'Reports',
  historyTitle: 'History',
  noHistory: 'No history yet.',
  platform: 'Platform',
  region: 'Region',
  source: 'source',
  notFound: 'Case not found.',
  caseVelocity: 'Velocity',
  velocityN: '{n} in the last hour',
  topicAuto: 'auto {pct}',
  topicAutoHint: "The classifier's confidence in this topic",
  topicByReviewer: 'set by reviewer',
  topicChanged: 'Topic changed.',
  suggestionsTitle: 'Similar cases',
  suggestionsHint: 'Found when this case opened. Merge if they are the same rumor.',
  similarity: 'similarity {pct}',
  caseShortId: 'case #{id}',
  mergeInto: 'Merge into that case',
  merging: 'Merging…',
  confirmMerge: 'Merge this case into “{title}”? All its reports move there and this case closes as merged.',
  targetMerged: 'That case was itself merged; open it to follow the merge.',
  mergedBanner: 'This case was merged into another case; its reports are reviewed there.',
  mergedBannerLink: 'Go to that case',
  matchTitle: '{method}: joins from similarity {join}, suggested from {suggest}; same claim as a published verdict with probability {probability}',
  matchSharedTerms: 'shared: {terms}',
  moveOut: 'Move out',
  moveOutHint: 'Move this report into a new case of its own',
  confirmMoveOut: 'Move this report out of the case into a new case of its own?',
  errLastReport: 'The only report of a case cannot be moved out of it.',
  errSameCase: 'A case cannot be merged into itself.',
  errMergeState: 'This merge is not possible: either this case is published or the target case was merged.',

  feedTitle: 'Published verdicts',
  feedEmpty: 'Nothing published yet.',
  published: 'Published',
  versionN: 'v{n}',
  claimLabel: 'Claim',
  publicPage: 'Public page',

  commentsTitle: 'Discussion',
  commentsEmpty: 'No comments yet.',
  commentPlaceholder: 'Write a comment; type @ to mention a reviewer or lead…',
  commentSend: 'Comment',
  commentSending: 'Sending…',
  commentMentioning: 'Will notify:',
  commentsMergedHint: 'This case was merged; discuss it in the case it was merged into.',
  mentionPickerLabel: 'People to mention',
  mentionNone: 'Nobody found',
  errInvalidMention: 'Only active reviewers and leads can be mentioned.',
  notificationsLabel: 'Notifications ({n} unread)',
  notificationsTitle: 'Notifications',
  notificationsEmpty: 'No notifications yet.',
  notifMention: '{name} mentioned you in “{title}”',
  notifAssigned: '{name} assigned you to “{title}”',

  errNetwork: 'Cannot reach the server. Check your connection and try again.',
  errCredentials: 'Wrong email or password.',
  errSession: 'Your session has ended. Please sign in again.',
  errForbidden: 'You are not allowed to do this.',
  errNotFound: 'Not found.',
  errFourEyes: 'You cannot approve a draft you helped write (four-eyes rule).',
  errGeneric: 'Something went wrong ({code}).',
  dismiss: 'Dismiss',
};

type Messages = typeof en;
export type MessageKey = keyof Messages;

const zh: Messages = {
  appName: 'Refute',
  appTagline: '科学辟谣审查',
  loading: '加载中…',
  navQueue: '待审队列',
  navFeed: '已发布',
  logout: '退出登录',
  login: '登录',
  langToggle: 'English',
  langToggleLabel: '切换语言',

  loginTitle: '登录辟谣审查工作台',
  email: '邮箱',
  password: '密码',
  loginSubmit: '登录',
  loggingIn: '正在登录…',

  queueTitle: '待审队列',
  filterStatus: '状态',
  filterLane: '通道',
  filterTopic: '领域',
  filterAll: '全部',
  filterMine: '只看我的',
  refresh: '刷新',
  loadMore: '加载更多',
  queueEmpty: '没有符合条件的案件。',
  reports: '{n} 条举报',
  reach: '传播量 {n}',
  due: '{when}截止',
  overdue: '已超时（{when}截止）',
  assignedToMe: '我的',

  backToQueue: '← 返回队列',
  caseTopic: '领域',
  caseLane: '通道',
  caseDeadline: '截止时间',
  caseReports: '举报数',
  caseReach: '传播量',
  caseAssignees: '审核专家',
  nobody: '暂无',
  you: '我',
  presenceHere: '正在查看：',
  presenceEditing: '正在编辑{field}',
  claim: '认领此案件',
  claimHint: '该案件尚未认领。认领后即可撰写审查意见。',
  draftTitle: '审查稿',
  readOnlyHint: '只读：在当前状态下您不是此案件的审核人。',
  verdict: '结论',
  chooseVerdict: '— 选择结论 —',
  headline: '标题',
  headlinePlaceholder: '用一句话说明真相',
  summary: '通俗摘要',
  summaryHint: '简短易懂，老年人也能读懂。',
  rebuttal: '辟谣正文',
  rebuttalPlaceholder: '说明理由并注明出处…',
  sync_connecting: '正在连接…',
  sync_synced: '实时协作：输入即同步',
  sync_offline: '离线：输入内容已保留，重新连接后发送',
  sync_refused: '暂未同步：正在重试，您的内容保留在本页',
  rebuttalNotSynced: '辩驳正文尚未与其他人同步，请稍候再试。',
  liveMergedTitle: '其他人刚刚保存了草稿',
  liveMergedBody: '对方修改的、您未改动的字段已合并。以下字段双方都改了：{fields}；这里保留您的内容，保存后将覆盖对方的。',
  liveMergedTheirs: '这些字段改用对方的版本',
  evidence: '证据',
  evidenceTitle: '标题',
  evidenceUrl: '链接（https://…）',
  evidenceKind: '类型',
  evidenceAdd: '+ 添加证据',
  evidenceRemove: '删除',
  evidenceInvalid: '每条证据都需要标题和 http(s) 链接。',
  noEvidence: '暂无证据。',
  save: '保存草稿',
  saving: '正在保存…',
  saved: '已保存（第 {n} 版）。',
  unsaved: '有未保存的修改',
  allSaved: '所有修改已保存',
  submit: '提交审批',
  submitting: '正在提交…',
  submitted: '已提交审批。',
  approve: '批准并发布',
  approving: '正在发布…',
  approvedMsg: '已批准并发布。',
  viewFeed: '在已发布列表中查看',
  returnLabel: '给审核专家的意见',
  returnPlaceholder: '需要修改什么？',
  returnAction: '退回修改',
  returnNeedsComment: '请填写意见，让审核专家知道需要修改什么。',
  returnedMsg: '已退回给审核专家。',
  returnedNote: '审核组长退回意见',
  fourEyesNote: '您参与撰写了此稿件，需由另一位审核组长批准。',
  awaitingApproval: '等待审核组长批准。',
  missingFields: '提交前请填写：{fields}。',
  conflictTitle: '在您编辑期间，其他人保存了此稿件。',
  conflictBody: '您的修改尚未保存。最新版本为第 {n} 版{by}。',
  conflictFields: '双方都修改了：{fields}。',
  conflictBy: '，保存于{when}',
  conflictLoad: '载入最新版本（放弃我的修改）',
  conflictOverwrite: '用我的版本覆盖',
  alreadyClaimed: '该案件已被其他人认领。',
  tbUndo: '撤销',
  tbBold: '加粗',
  tbItalic: '斜体',
  tbList: '项目列表',
  tbLink: '链接',
  tbLinkApply: '添加链接',
  tbLinkCancel: '取消',
  tbLinkInvalid: '请输入 http(s) 链接。',
  reportsTitle: '举报',
  historyTitle: '处理记录',
  noHistory: '暂无记录。',
  platform: '平台',
  region: '地区',
  source: '来源',
  notFound: '未找到该案件。',
  caseVelocity: '增速',
  velocityN: '1 小时内 {n} 条',
  topicAuto: '自动分类 {pct}',
  topicAutoHint: '分类器对该领域的置信度',
  topicByReviewer: '由审核人设定',
  topicChanged: '领域已修改。',
  suggestionsTitle: '相似案件',
  suggestionsHint: '建案时发现的相似案件。若是同一谣言，可合并。',
  similarity: '相似度 {pct}',
  caseShortId: '案件 #{id}',
  mergeInto: '合并到该案件',
  merging: '正在合并…',
  confirmMerge: '将本案件合并到“{title}”？本案件的全部举报将移入该案件，本案件随即关闭为“已合并”。',
  targetMerged: '该案件本身已被合并，请打开它并前往合并后的案件。',
  mergedBanner: '本案件已合并到另一案件，其举报在该案件中审查。',
  mergedBannerLink: '前往该案件',
  matchTitle: '{method}：相似度 ≥ {join} 加入，≥ {suggest} 建议；与已发布结论为同一说法的概率 {probability}',
  matchSharedTerms: '共同词：{terms}',
  moveOut: '移出',
  moveOutHint: '将这条举报移出，作为新案件单独处理',
  confirmMoveOut: '将这条举报移出本案件，作为新案件单独处理？',
  errLastReport: '案件仅剩这一条举报，无法移出。',
  errSameCase: '案件不能合并到自身。',
  errMergeState: '无法合并：本案件已发布，或目标案件已被合并。',

  feedTitle: '已发布的结论',
  feedEmpty: '尚无发布内容。',
  published: '发布于',
  versionN: '第 {n} 版',
  claimLabel: '原说法',
  publicPage: '公开页面',

  commentsTitle: '讨论',
  commentsEmpty: '暂无评论。',
  commentPlaceholder: '写评论；输入 @ 可提及审核专家或组长…',
  commentSend: '发表评论',
  commentSending: '正在发送…',
  commentMentioning: '将通知：',
  commentsMergedHint: '本案件已被合并，请在合并后的案件中讨论。',
  mentionPickerLabel: '可提及的人',
  mentionNone: '未找到匹配的人',
  errInvalidMention: '只能提及在职的审核专家或组长。',
  notificationsLabel: '通知（{n} 条未读）',
  notificationsTitle: '通知',
  notificationsEmpty: '暂无通知。',
  notifMention: '{name} 在“{title}”中提及了您',
  notifAssigned: '{name} 将“{title}”分配给了您',

  errNetwork: '无法连接服务器，请检查网络后重试。',
  errCredentials: '邮箱或密码错误。',
  errSession: '登录已失效，请重新登录。',
  errForbidden: '您无权执行此操作。',
  errNotFound: '未找到。',
  errFourEyes: '您不能批准自己参与撰写的稿件（双人审核原则）。',
  errGeneric: '操作失败（{code}）。',
  dismiss: '关闭',
};

interface Labels {
  verdict: Record<Verdict, string>;
  topic: Record<Topic, string>;
  lane: Record<Lane, string>;
  status: Record<CaseStatus, string>;
  evidenceKind: Record<EvidenceKind, string>;
  role: Record<Role, string>;
  field: Record<string, string>;
  action: Record<string, string>;
  matchOutcome: Record<MatchDecisionView['outcome'], string>;
  matchMethod: Record<string, string>;
}

const labels: Record<Lang, Labels> = {
  zh: {
    verdict: {
      false: '谣言',
      pseudoscience: '伪科学',
      misleading: '误导',
      unproven: '尚无定论',
      partly_true: '部分属实',
      true: '属实',
    },
    topic: {
      health: '健康医疗',
      food_safety: '食品安全',
      emergencies: '突发事件与灾害',
      public_safety: '公共安全',
      environment: '环境生态',
      climate: '气候气象',
      agriculture: '农业',
      biotech: '生物技术',
      energy: '能源',
      it: '信息技术',
      space: '航天天文',
      geology: '地震地质',
      transport: '交通',
      other: '其他',
    },
    lane: { normal: '常规', hot: '热点', emergency: '应急' },
    status: { open: '待认领', in_review: '审核中', submitted: '待批准', returned: '已退回', published: '已发布', merged: '已合并' },
    evidenceKind: { paper: '论文', standard: '标准', official: '官方声明', other: '其他' },
    role: { admin: '管理员', lead: '审核组长', reviewer: '审核专家', moderator: '平台审核员' },
    field: { verdict: '结论', headline: '标题', summary: '通俗摘要', rebuttalHtml: '辟谣正文', rebuttal: '辟谣正文', evidence: '证据' },
    action: {
      'case.opened': '创建案件',
      'case.report_added': '新增举报',
      'case.claimed': '认领',
      'case.assigned': '分配',
      'draft.saved': '保存草稿',
      'case.submitted': '提交审批',
      'case.approved': '批准发布',
      'case.returned': '退回修改',
      'publication.created': '发布',
      'case.topic_changed': '修改领域',
      'case.merged': '合并到其他案件',
      'case.merged_from': '其他案件并入',
      'case.report_moved': '举报移至新案件',
      'comment.created': '发表评论',
    },
    matchOutcome: { joined: '加入', suggested: '建议', new: '新建' },
    matchMethod: { exact: '文本完全相同', similarity: '相似度匹配' },
  },
  en: {
    verdict: {
      false: 'False',
      pseudoscience: 'Pseudoscience',
      misleading: 'Misleading',
      unproven: 'Unproven',
      partly_true: 'Partly true',
      true: 'True',
    },
    topic: {
      health: 'Health & medicine',
      food_safety: 'Food safety',
      emergencies: 'Emergencies & disasters',
      public_safety: 'Public safety',
      environment: 'Environment & ecology',
      climate: 'Climate & weather',
      agriculture: 'Agriculture',
      biotech: 'Biotechnology',
      energy: 'Energy',
      it: 'Information technology',
      space: 'Space & astronomy',
      geology: 'Earthquakes & geology',
      transport: 'Transport',
      other: 'Other',
    },
    lane: { normal: 'Normal', hot: 'Hot topic', emergency: 'Emergency' },
    status: { open: 'Open', in_review: 'In review', submitted: 'Submitted', returned: 'Returned', published: 'Published', merged: 'Merged' },
    evidenceKind: { paper: 'Paper', standard: 'Standard', official: 'Official statement', other: 'Other' },
    role: { admin: 'Admin', lead: 'Lead reviewer', reviewer: 'Reviewer', moderator: 'Moderator' },
    field: { verdict: 'verdict', headline: 'headline', summary: 'summary', rebuttalHtml: 'rebuttal', rebuttal: 'rebuttal', evidence: 'evidence' },
    action: {
      'case.opened': 'Case opened',
      'case.report_added': 'Report added',
      'case.claimed': 'Claimed',
      'case.assigned': 'Assigned',
      'draft.saved': 'Draft saved',
      'case.submitted': 'Submitted',
      'case.approved': 'Approved',
      'case.returned': 'Returned',
      'publication.created': 'Published',
      'case.topic_changed': 'Topic changed',
      'case.merged': 'Merged into another case',
      'case.merged_from': 'Another case merged in',
      'case.report_moved': 'Report moved to a new case',
      'comment.created': 'Commented',
    },
    matchOutcome: { joined: 'joined', suggested: 'suggested', new: 'new' },
    matchMethod: { exact: 'exact text', similarity: 'similarity' },
  },
};

const dictionaries: Record<Lang, Messages> = { zh, en };
const STORAGE_KEY = 'refute.lang';

function readStoredLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'zh') return stored;
  } catch {
    // Storage can be unavailable (privacy mode); fall back to the default.
  }
  return 'zh';
}

let current: Lang = readStoredLang();
const listeners = new Set<() => void>();

function applyToDocument(lang: Lang): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}
applyToDocument(current);

export function setLang(lang: Lang): void {
  if (lang === current) return;
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered, but still switched for this page.
  }
  applyToDocument(lang);
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = dictionaries[lang][key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}

/** The current language, its messages and labels; re-renders when the language changes. */
export function useT() {
  const lang = useSyncExternalStore(subscribe, () => current);
  const t = useCallback<Translate>((key, vars) => translate(lang, key, vars), [lang]);
  return { lang, setLang, t, labels: labels[lang] };
}

/** A readable name for a history action the dictionary does not know. */
export function actionLabel(l: Labels, action: string): string {
  return l.action[action] ?? action.replace(/[_.]/g, ' ');
}

export function fieldLabel(l: Labels, field: string): string {
  return l.field[field] ?? field;
}
