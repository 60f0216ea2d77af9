/**
 * Who answers for a case (责任单位) and who works with it (配合单位). The lead unit is the one a
 * lead or an escalation set; without one, the review organisation of the case's region (the
 * deepest below national whose region holds it). With a lead unit, only experts of it and of the
 * cooperating units work on the case, only leads of it or above it assign, and only its leads
 * approve; a case without one keeps the open rules (every lead, every expert).
 */
import { Types } from 'mongoose';
import { COUNTRY_REGION, type CaseUnits, type SessionUser } from '@refute/shared';
import { forbidden, unprocessable } from '../../http/errors';
import { recordAudit } from '../audit/service';
import type { CaseRecord } from '../cases/model';
import { transitionCase } from '../cases/repository';
import { OrganisationModel, type OrganisationRecord } from '../organisations/model';
import { findRegion } from '../regions/regions';
import { actorOf, changedMeanwhile, loadCase } from '../reviews/caseSteps';

type UnitFields = Pick<CaseRecord, 'leadUnitId' | 'cooperatingUnitIds' | 'region'>;

/**
 * The review organisations, read at most every few seconds: these checks run on every claim,
 * assignment, save and co-edit, and organisations change rarely (an admin's change applies
 * within the interval; an id not yet known reads them again at once).
 */
const FRESH_MS = 5_000;
let known: { at: number; byId: Map<string, OrganisationRecord> } | null = null;

async function reviewOrganisations(refresh = false): Promise<Map<string, OrganisationRecord>> {
  if (!known || refresh || Date.now() - known.at > FRESH_MS) {
    const orgs = await OrganisationModel.find({ kind: 'review' }).lean<OrganisationRecord[]>();
    known = { at: Date.now(), byId: new Map(orgs.map((org) => [String(org._id), org])) };
  }
  return known.byId;
}

async function reviewOrganisation(id: Types.ObjectId | string): Promise<OrganisationRecord | null> {
  return (await reviewOrganisations()).get(String(id)) ?? (await reviewOrganisations(true)).get(String(id)) ?? null;
}

/** The region's organisation: the deepest review organisation below national whose region holds it. */
export async function regionalUnit(region: string | null | undefined): Promise<OrganisationRecord | null> {
  if (!region || region === COUNTRY_REGION) return null;
  const orgs = [...(await reviewOrganisations()).values()].sort((a, b) => String(a._id).localeCompare(String(b._id)));
  for (let code: string | null = region; code && code !== COUNTRY_REGION; code = findRegion(code)?.parent ?? null) {
    const found = orgs.find((org) => org.region === code);
    if (found) return found;
  }
  return null;
}

export async function leadUnitOf(record: UnitFields): Promise<OrganisationRecord | null> {
  return record.leadUnitId ? reviewOrganisation(record.leadUnitId) : regionalUnit(record.region);
}

/** The organisation and those above it, nearest first. */
async function chainUpFrom(org: OrganisationRecord): Promise<string[]> {
  const chain = [String(org._id)];
  let parentId = org.parentId;
  for (let hop = 0; parentId && hop < 4; hop += 1) {
    chain.push(String(parentId));
    parentId = (await reviewOrganisation(parentId))?.parentId ?? null;
  }
  return chain;
}

type Id = Types.ObjectId | string | null | undefined;
const sameId = (a: Id, b: Id) => a !== null && a !== undefined && b !== null && b !== undefined && String(a) === String(b);

/** The organisations whose experts work on a case (its lead unit and cooperating units); null when it has no lead unit (anyone may). */
export async function workingUnitsOf(record: UnitFields): Promise<string[] | null> {
  const unit = await leadUnitOf(record);
  return unit ? [String(unit._id), ...(record.cooperatingUnitIds ?? []).map(String)] : null;
}

/**
 * The organisations above the case's lead unit that do not work on it yet, nearest first: where
 * routing asks for support (支援) when the units on the case have nobody free. Empty for a case
 * without a lead unit (anyone may work on it).
 */
export async function supportUnitsOf(record: UnitFields): Promise<string[]> {
  const unit = await leadUnitOf(record);
  if (!unit) return [];
  const working = new Set([String(unit._id), ...(record.cooperatingUnitIds ?? []).map(String)]);
  return (await chainUpFrom(unit)).filter((id) => !working.has(id));
}

/**
 * The one check of who may work on a case (claim it, be assigned, accept its offer, edit and
 * co-author it): with a lead unit, a member of it or of a cooperating unit.
 */
export async function requireCaseUnitMember(record: UnitFields, person: { orgId?: Types.ObjectId | string | null }): Promise<void> {
  const units = await workingUnitsOf(record);
  if (units && !units.some((id) => sameId(id, person.orgId))) {
    throw forbidden('not_case_unit', 'Only experts of the lead unit or of a cooperating unit work on this case');
  }
}

/** Assigning and setting the units: a lead of the lead unit or of an organisation above it. */
export async function requireOverseeingLead(record: UnitFields, lead: SessionUser): Promise<void> {
  const unit = await leadUnitOf(record);
  if (!unit) return;
  if (!(await chainUpFrom(unit)).some((id) => sameId(id, lead.orgId))) {
    throw forbidden('not_lead_unit', 'Only leads of the lead unit or of an organisation above it act on this case');
  }
}

/** Approval: a lead of the lead unit itself. */
export async function requireLeadUnitLead(record: UnitFields, lead: SessionUser): Promise<void> {
  const unit = await leadUnitOf(record);
  if (unit && !sameId(unit._id, lead.orgId)) throw forbidden('not_lead_unit', "Only the lead unit's leads approve this case");
}

export async function setCaseUnits(lead: SessionUser, caseId: string, units: CaseUnits): Promise<void> {
  const record = await loadCase(caseId);
  await requireOverseeingLead(record, lead);
  const cooperating = [...new Set(units.cooperatingUnitIds)].filter((id) => id !== units.leadUnitId);
  const found = await Promise.all([units.leadUnitId, ...cooperating].map(reviewOrganisation));
  if (found.some((org) => !org)) throw unprocessable('unknown_unit', 'Units must be review organisations');
  const change = { leadUnitId: new Types.ObjectId(units.leadUnitId), cooperatingUnitIds: cooperating.map((id) => new Types.ObjectId(id)) };
  await transitionCase(record, 'case.units_set', lead.id, change, changedMeanwhile);
  await recordAudit({
    action: 'case.units_set',
    actor: actorOf(lead),
    subject: { kind: 'case', id: record._id },
    data: {
      from: { leadUnitId: record.leadUnitId ? String(record.leadUnitId) : null, cooperatingUnitIds: (record.cooperatingUnitIds ?? []).map(String) },
      to: { leadUnitId: units.leadUnitId, cooperatingUnitIds: cooperating },
    },
  });
}
