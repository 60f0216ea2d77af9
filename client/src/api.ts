import {
  IMPORT_MEDIA_TYPES,
  type NotSameClaimInput,
  type ClaimStatementInput,
  type ImportFormat,
  type ImportJobView,
  type ApiKeyCreate,
  type WebhookCreate,
  type WebhookDeliveryView,
  type WebhookEndpointView,
  type WebhookEndpointWithSecret,
  type WebhookUpdate,
  type ApiKeyView,
  type ApiKeyWithSecret,
  type AdminSettings,
  type AdminUserView,
  type OrganisationCreate,
  type OrganisationUpdate,
  type OrganisationView,
  type Region,
  type SettingsUpdate,
  type UserCreate,
  type UserCreated,
  type UserUpdate,
  type CaseDetail,
  type CaseUnits,
  type ChecklistView,
  type CandidateList,
  type ExpertImportReport,
  type ExpertListQuery,
  type ExpertPool,
  type ExpertProfileInput,
  type ExpertView,
  type LeavePeriod,
  type OfferView,
  type PageAcknowledgement,
  type PageView,
  type ClaimIntakeResponse,
  type ClaimReport,
  type ClaimStatus,
  type PlatformReport,
  type MatchResponse,
  type CommentCreate,
  type CommentView,
  type NotificationList,
  type NotificationPreferences,
  type NotificationView,
  type PersonRef,
  type CaseQueuePage,
  type CaseStatus,
  type Draft,
  type DraftSave,
  type HotspotList,
  type InsightsQuery,
  type InsightsRanking,
  type InsightsSummary,
  type Lane,
  type Page,
  type PublicationView,
  type QueueSort,
  type SessionUser,
  type SetLane,
  type Topic,
} from '@refute/shared';

/** An API failure, carrying the fields of the `{error:{code,message,details}}` body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let onUnauthorized: (() => void) | null = null;

/** Lets the session drop the user when any call finds the session expired. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

function errorFrom(status: number, statusText: string, body: unknown): ApiError {
  if (body && typeof body === 'object' && 'error' in body) {
    const error = (body).error;
    if (error && typeof error === 'object') {
      const { code, message, details } = error as { code?: unknown; message?: unknown; details?: unknown };
      return new ApiError(
        status,
        typeof code === 'string' ? code : `http_${status}`,
        typeof message === 'string' ? message : statusText,
        details,
      );
    }
  }
  return new ApiError(status, `http_${status}`, statusText || `HTTP ${status}`);
}

/** A file sent as it is (a bulk import), instead of a JSON body. */
export class FileUpload {
  constructor(
    readonly file: Blob,
    readonly type: string,
  ) {}
}

export async function request<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body instanceof FileUpload) headers['Content-Type'] = body.type;
  else if (body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : body instanceof FileUpload ? body.file : JSON.stringify(body),
      signal: signal ?? null,
    });
  } catch (cause) {
    // A request given up by its caller (a newer filter, a page left) is not a network failure.
    if (signal?.aborted) throw cause;
    throw new ApiError(0, 'network_error', cause instanceof Error ? cause.message : 'Network error');
  }

  if (response.status === 204) return undefined as T;

  const isJson = (response.headers.get('Content-Type') ?? '').includes('json');
  const data: unknown = isJson ? await response.json().catch(() => null) : null;

  if (!response.ok) {
    const error = errorFrom(response.status, response.statusText, data);
    if (response.status === 401 && !path.startsWith('/api/v1/auth/')) onUnauthorized?.();
    throw error;
  }
  if (!isJson) throw new ApiError(response.status, 'bad_response', 'The server did not answer with JSON');
  return data as T;
}

function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const caseUrl = (id: string, rest = '') => `/api/v1/cases/${encodeURIComponent(id)}${rest}`;

export interface CaseFilters {
  status?: CaseStatus | '';
  lane?: Lane | '';
  topic?: Topic | '';
  /** A GB/T 2260 code; blank for all. */
  region?: string;
  /** UTC days of opening, both included; blank for no bound. */
  createdFrom?: string;
  createdTo?: string;
  assignee?: 'me' | '';
  /** Words to find in titles and reports; blank for none. */
  q?: string;
  sort?: QueueSort;
  cursor?: string | null;
  limit?: number;
}

export const api = {
  login: (email: string, password: string) =>
    request<{ user: SessionUser }>('POST', '/api/v1/auth/login', { email, password }),
  me: () => request<{ user: SessionUser }>('GET', '/api/v1/auth/me'),
  logout: () => request<void>('POST', '/api/v1/auth/logout'),

  listCases: (filters: CaseFilters, signal?: AbortSignal) =>
    request<CaseQueuePage>('GET', `/api/v1/cases${query({ ...filters })}`, undefined, signal),
  getCase: (id: string, signal?: AbortSignal) => request<CaseDetail>('GET', caseUrl(id), undefined, signal),
  claim: (id: string) => request<CaseDetail>('POST', caseUrl(id, '/claim')),
  saveDraft: (id: string, save: DraftSave) => request<{ draft: Draft }>('PUT', caseUrl(id, '/draft'), save),
  submit: (id: string) => request<CaseDetail>('POST', caseUrl(id, '/submit')),
  approve: (id: string) =>
    request<{ case: CaseDetail; publication: PublicationView }>('POST', caseUrl(id, '/approve')),
  returnCase: (id: string, comment: string) => request<CaseDetail>('POST', caseUrl(id, '/return'), { comment }),
  reopen: (id: string, reason: string) => request<CaseDetail>('POST', caseUrl(id, '/reopen'), { reason }),
  /** A lead withdraws the case's published verdict (the current publication). */
  retract: (publicationId: string, reason: string) =>
    request<PublicationView>('POST', `/api/v1/publications/${encodeURIComponent(publicationId)}/retract`, { reason }),
  setTopic: (id: string, topic: Topic) => request<CaseDetail>('PUT', caseUrl(id, '/topic'), { topic }),
  assign: (id: string, userId: string) => request<CaseDetail>('POST', caseUrl(id, '/assign'), { userId }),
  /** A lead sets the lead unit (责任单位) and cooperating units (配合单位). */
  setUnits: (id: string, units: CaseUnits) => request<CaseDetail>('PUT', caseUrl(id, '/units'), units),
  tickChecklist: (id: string, itemId: string, checked: boolean) =>
    request<ChecklistView>('PUT', caseUrl(id, `/checklist/${encodeURIComponent(itemId)}`), { checked }),
  /** Review organisations, for choosing a case's units. */
  organisations: (signal?: AbortSignal) => request<{ items: OrganisationView[] }>('GET', '/api/v1/organisations', undefined, signal),
  unassign: (id: string, userId: string) => request<CaseDetail>('POST', caseUrl(id, '/unassign'), { userId }),
  /** A lead moves the case to a more urgent lane (confirming a hotspot's proposal). */
  setLane: (id: string, lane: SetLane['lane']) => request<CaseDetail>('POST', caseUrl(id, '/lane'), { lane }),
  /** Merges case `id` into `intoCaseId`; answers with the target case. */
  mergeCase: (id: string, intoCaseId: string) =>
    request<CaseDetail>('POST', caseUrl(id, '/merge'), { intoCaseId }),
  /** "Not the same claim": a report of the case, or another case; answers with the case. */
  markNotSameClaim: (id: string, input: NotSameClaimInput) => request<CaseDetail>('POST', caseUrl(id, '/not-same-claim'), input),
  /** Writes the claim as reviewed (null takes it away). */
  setClaimStatement: (id: string, input: ClaimStatementInput) => request<CaseDetail>('PUT', caseUrl(id, '/claim-statement'), input),
  /** Moves one report out into a case of its own; answers with that new case. */
  moveReportOut: (id: string, claimId: string) =>
    request<CaseDetail>('POST', caseUrl(id, `/reports/${encodeURIComponent(claimId)}/move-out`)),

  platformReports: (filters: { status?: ClaimStatus | ''; q?: string; cursor?: string | null }, signal?: AbortSignal) =>
    request<Page<PlatformReport>>('GET', `/api/v1/platform/reports${query({ ...filters })}`, undefined, signal),
  reportFromConsole: (report: ClaimReport) => request<ClaimIntakeResponse>('POST', '/api/v1/platform/reports', report),
  consoleMatch: (text: string, signal?: AbortSignal) => request<MatchResponse>('POST', '/api/v1/platform/match', { text }, signal),

  apiKeys: (signal?: AbortSignal) => request<{ items: ApiKeyView[] }>('GET', '/api/v1/api-keys', undefined, signal),
  createApiKey: (input: ApiKeyCreate) => request<ApiKeyWithSecret>('POST', '/api/v1/api-keys', input),
  rotateApiKey: (id: string, graceHours: number) => request<ApiKeyWithSecret>('POST', `/api/v1/api-keys/${encodeURIComponent(id)}/rotate`, { graceHours }),
  revokeApiKey: (id: string) => request<ApiKeyView>('POST', `/api/v1/api-keys/${encodeURIComponent(id)}/revoke`),

  webhooks: (signal?: AbortSignal) => request<{ items: WebhookEndpointView[] }>('GET', '/api/v1/webhooks', undefined, signal),
  createWebhook: (input: WebhookCreate) => request<WebhookEndpointWithSecret>('POST', '/api/v1/webhooks', input),
  updateWebhook: (id: string, changes: WebhookUpdate) => request<WebhookEndpointView>('PATCH', `/api/v1/webhooks/${encodeURIComponent(id)}`, changes),
  rotateWebhookSecret: (id: string) => request<WebhookEndpointWithSecret>('POST', `/api/v1/webhooks/${encodeURIComponent(id)}/rotate-secret`),
  webhookDeliveries: (id: string, signal?: AbortSignal) =>
    request<{ items: WebhookDeliveryView[] }>('GET', `/api/v1/webhooks/${encodeURIComponent(id)}/deliveries`, undefined, signal),
  replayDelivery: (id: string, deliveryId: string) =>
    request<WebhookDeliveryView>('POST', `/api/v1/webhooks/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(deliveryId)}/replay`),

  imports: (signal?: AbortSignal) => request<{ items: ImportJobView[] }>('GET', '/api/v1/platform/imports', undefined, signal),
  uploadImport: (file: File, format: ImportFormat) =>
    request<ImportJobView>('POST', `/api/v1/platform/imports${query({ name: file.name })}`, new FileUpload(file, IMPORT_MEDIA_TYPES[format])),
  importErrorsUrl: (id: string) => `/api/v1/platform/imports/${encodeURIComponent(id)}/errors`,

  feed: (cursor: string | null, limit = 20, signal?: AbortSignal) =>
    request<Page<PublicationView>>('GET', `/api/v1/feed${query({ cursor, limit })}`, undefined, signal),

  comments: (caseId: string, signal?: AbortSignal) => request<{ items: CommentView[] }>('GET', caseUrl(caseId, '/comments'), undefined, signal),
  addComment: (caseId: string, comment: CommentCreate) =>
    request<{ comment: CommentView }>('POST', caseUrl(caseId, '/comments'), comment),
  mentionable: (q: string) => request<{ items: PersonRef[] }>('GET', `/api/v1/users/mentionable${query({ q })}`),
  hotspots: (hours: number, signal?: AbortSignal) => request<HotspotList>('GET', `/api/v1/hotspots?hours=${hours}`, undefined, signal),
  insightsSummary: (filters: InsightsQuery, signal?: AbortSignal) =>
    request<InsightsSummary>('GET', `/api/v1/insights/summary${query({ ...filters })}`, undefined, signal),
  insightsRanking: (month: string, signal?: AbortSignal) => request<InsightsRanking>('GET', `/api/v1/insights/ranking${query({ month })}`, undefined, signal),
  notifications: (signal?: AbortSignal) => request<NotificationList>('GET', '/api/v1/notifications', undefined, signal),
  notificationPreferences: (signal?: AbortSignal) => request<NotificationPreferences>('GET', '/api/v1/notifications/preferences', undefined, signal),
  saveNotificationPreferences: (preferences: NotificationPreferences) => request<NotificationPreferences>('PUT', '/api/v1/notifications/preferences', preferences),
  markNotificationRead: (id: string) =>
    request<{ notification: NotificationView }>('POST', `/api/v1/notifications/${encodeURIComponent(id)}/read`),

  regions: (signal?: AbortSignal) => request<{ items: Region[] }>('GET', '/api/v1/regions', undefined, signal),
  setPassword: (token: string, password: string) => request<void>('POST', '/api/v1/auth/password', { token, password }),

  adminUsers: (signal?: AbortSignal) => request<{ items: AdminUserView[] }>('GET', '/api/v1/admin/users', undefined, signal),
  createUser: (user: UserCreate) => request<UserCreated>('POST', '/api/v1/admin/users', user),
  updateUser: (id: string, patch: UserUpdate) => request<{ user: AdminUserView }>('PATCH', `/api/v1/admin/users/${encodeURIComponent(id)}`, patch),
  setUserDisabled: (id: string, disabled: boolean) =>
    request<{ user: { id: string; disabled: boolean } }>('POST', `/api/v1/users/${encodeURIComponent(id)}/${disabled ? 'disable' : 'enable'}`),
  adminOrganisations: (signal?: AbortSignal) => request<{ items: OrganisationView[] }>('GET', '/api/v1/admin/organisations', undefined, signal),
  createOrganisation: (org: OrganisationCreate) => request<{ organisation: OrganisationView }>('POST', '/api/v1/admin/organisations', org),
  updateOrganisation: (id: string, patch: OrganisationUpdate) =>
    request<{ organisation: OrganisationView }>('PATCH', `/api/v1/admin/organisations/${encodeURIComponent(id)}`, patch),
  experts: (filters: ExpertListQuery, signal?: AbortSignal) => request<ExpertPool>('GET', `/api/v1/experts${query({ ...filters })}`, undefined, signal),
  saveExpert: (userId: string, profile: ExpertProfileInput) => request<{ expert: ExpertView }>('PUT', `/api/v1/experts/${encodeURIComponent(userId)}`, profile),
  importExperts: (csv: string) => request<ExpertImportReport>('POST', '/api/v1/experts/import', { csv }),
  myExpertProfile: (signal?: AbortSignal) => request<{ expert: ExpertView }>('GET', '/api/v1/experts/me', undefined, signal),
  setMyAvailability: (leave: LeavePeriod[]) => request<{ expert: ExpertView }>('PUT', '/api/v1/experts/me/availability', { leave }),
  setMyDirectAssignment: (directAssignment: boolean) => request<{ expert: ExpertView }>('PUT', '/api/v1/experts/me/direct-assignment', { directAssignment }),
  candidates: (caseId: string, signal?: AbortSignal) => request<CandidateList>('GET', caseUrl(caseId, '/candidates'), undefined, signal),
  offers: (signal?: AbortSignal) => request<{ items: OfferView[] }>('GET', '/api/v1/offers', undefined, signal),
  acceptOffer: (caseId: string) => request<CaseDetail>('POST', caseUrl(caseId, '/offer/accept')),
  declineOffer: (caseId: string) => request<{ declined: true }>('POST', caseUrl(caseId, '/offer/decline')),
  pages: (signal?: AbortSignal) => request<{ items: PageView[] }>('GET', '/api/v1/pages', undefined, signal),
  acknowledgePage: (caseId: string) => request<PageAcknowledgement>('POST', caseUrl(caseId, '/acknowledge')),

  adminSettings: (signal?: AbortSignal) => request<AdminSettings>('GET', '/api/v1/admin/settings', undefined, signal),
  updateSettings: (update: SettingsUpdate) => request<AdminSettings>('PUT', '/api/v1/admin/settings', update),
};
