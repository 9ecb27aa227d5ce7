/**
 * `GET /odata/v2/<EntitySet>/$metadata`: one entity set's EDMX as a tenant answers it for the API user, with the
 * `sap:` annotations (creatable / updatable / upsertable reflect the user's permissions; `sap:picklist` names the
 * picklist of a picklist field), in the shape of the published Hub files.
 */
import type { EntityFact } from './edmx-facts.js';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const flag = (b: boolean): string => (b ? 'true' : 'false');

export const entityMetadataXml = (set: string, fact: EntityFact): string => {
  const access = fact.access ?? { creatable: true, updatable: true, upsertable: true };
  const props = [...fact.properties]
    .map(([name, prop]) => {
      const a = fact.propertyAccess?.get(name) ?? { creatable: true, upsertable: true };
      const picklist = fact.picklists?.get(name);
      return (
        `<Property Name="${esc(name)}" Type="${esc(prop.type)}" Nullable="${flag(!fact.keys.includes(name))}" sap:required="false"` +
        ` sap:creatable="${flag(a.creatable)}" sap:updatable="${flag(a.upsertable)}" sap:upsertable="${flag(a.upsertable)}"` +
        ` sap:visible="true" sap:sortable="true" sap:filterable="${flag(prop.filterable)}"` +
        `${picklist === undefined ? '' : ` sap:picklist="${esc(picklist)}"`} sap:label="${esc(name)}"/>`
      );
    })
    .join('');
  const navs = [...fact.navigations.keys()].map((n) => `<NavigationProperty Name="${esc(n)}" Relationship="SFOData.${esc(n)}_of_${esc(set)}" FromRole="${esc(set)}" ToRole="${esc(n)}"/>`).join('');
  const keys = fact.keys.map((k) => `<PropertyRef Name="${esc(k)}"/>`).join('');
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx">' +
    '<edmx:DataServices m:DataServiceVersion="2.0" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">' +
    '<Schema Namespace="SFOData" xmlns="http://schemas.microsoft.com/ado/2008/09/edm" xmlns:sap="http://www.sap.com/Protocols/SAPData">' +
    `<EntityType Name="${esc(set)}"><Key>${keys}</Key>${props}${navs}</EntityType>` +
    '</Schema>' +
    '<Schema Namespace="SFODataSet" xmlns="http://schemas.microsoft.com/ado/2008/09/edm" xmlns:sap="http://www.sap.com/Protocols/SAPData">' +
    '<EntityContainer Name="EntityContainer" m:IsDefaultEntityContainer="true">' +
    `<EntitySet Name="${esc(set)}" EntityType="SFOData.${esc(set)}" sap:creatable="${flag(access.creatable)}"` +
    ` sap:updatable="${flag(access.updatable)}" sap:upsertable="${flag(access.upsertable)}" sap:deletable="false"/>` +
    '</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>'
  );
};
