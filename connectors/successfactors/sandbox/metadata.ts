/**
 * `GET /odata/v2/<EntitySet>/$metadata`: one entity set's EDMX as a tenant answers it for the API user, with the
 * `sap:` annotations (creatable / updatable / upsertable reflect the user's permissions; `sap:picklist` names the
 * picklist of a picklist field), in the shape of the published Hub files.
 */
import type { EntityFact } from './edmx-facts.js';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const flag = (b: boolean): string => (b ? 'true' : 'false');

const EDMX = 'http://schemas.microsoft.com/ado/2007/06/edmx';
const METADATA = 'http://schemas.microsoft.com/ado/2007/08/dataservices/metadata';
const EDM = 'http://schemas.microsoft.com/ado/2008/09/edm';
const SAP = 'http://www.sap.com/Protocols/SAPData';
const schema = (namespace: string, body: string): string =>
  `<Schema Namespace="${namespace}" xmlns="${EDM}" xmlns:sap="${SAP}">${body}</Schema>`;

const property = (fact: EntityFact, name: string, type: string, filterable: boolean): string => {
  const a = fact.propertyAccess?.get(name) ?? { creatable: true, upsertable: true };
  const picklist = fact.picklists?.get(name);
  const nullable = flag(!fact.keys.includes(name));
  const upsert = flag(a.upsertable);
  const write = `sap:creatable="${flag(a.creatable)}" sap:updatable="${upsert}" sap:upsertable="${upsert}"`;
  return (
    `<Property Name="${esc(name)}" Type="${esc(type)}" Nullable="${nullable}" sap:required="false" ${write}` +
    ` sap:visible="true" sap:sortable="true" sap:filterable="${flag(filterable)}"` +
    `${picklist === undefined ? '' : ` sap:picklist="${esc(picklist)}"`} sap:label="${esc(name)}"/>`
  );
};

export const entityMetadataXml = (set: string, fact: EntityFact): string => {
  const access = fact.access ?? { creatable: true, updatable: true, upsertable: true };
  const props = [...fact.properties].map(([name, p]) => property(fact, name, p.type, p.filterable)).join('');
  const navs = [...fact.navigations.keys()]
    .map((n) => `<NavigationProperty Name="${esc(n)}" Relationship="SFOData.${esc(n)}_of_${esc(set)}"/>`)
    .join('');
  const keys = fact.keys.map((k) => `<PropertyRef Name="${esc(k)}"/>`).join('');
  const entitySet =
    `<EntitySet Name="${esc(set)}" EntityType="SFOData.${esc(set)}" sap:creatable="${flag(access.creatable)}"` +
    ` sap:updatable="${flag(access.updatable)}" sap:upsertable="${flag(access.upsertable)}" sap:deletable="false"/>`;
  const container = `${entitySet}</EntityContainer>`;
  return (
    `<?xml version="1.0" encoding="utf-8"?><edmx:Edmx Version="1.0" xmlns:edmx="${EDMX}">` +
    `<edmx:DataServices m:DataServiceVersion="2.0" xmlns:m="${METADATA}">` +
    schema('SFOData', `<EntityType Name="${esc(set)}"><Key>${keys}</Key>${props}${navs}</EntityType>`) +
    schema('SFODataSet', `<EntityContainer Name="EntityContainer" m:IsDefaultEntityContainer="true">${container}`) +
    '</edmx:DataServices></edmx:Edmx>'
  );
};
