import { attr, child, childrenNamed, type XmlNode } from '../xml-read.js';
import { wd, wdRef, wdText } from '../xml-write.js';
import { managementLevelOf, slug, type WdStore } from '../store.js';
import { profileAsOf, type WdProfileVersion } from '../tenant.js';
import { filterEcho, pageOf, readFilter } from './paging.js';
import { invalid } from './fault.js';
import { logMatches, readLogCriteria } from './transaction-log.js';

interface Profile {
  id: string;
  version: WdProfileVersion;
}

/** The tenant's job profiles as of a date, each in the version then in force; none before its first version. */
const profiles = (store: WdStore, asOf: string): Profile[] =>
  [...store.tenant.profiles.keys()]
    .flatMap((id) => {
      const version = profileAsOf(store.tenant, id, asOf);
      return version ? [{ id, version }] : [];
    })
    .sort((a, b) => a.id.localeCompare(b.id));

/** Get_Job_Profiles: job profiles with their job level, management level, job family and compensation grade. */
export const getJobProfiles = (store: WdStore, req: XmlNode, pageCap: number): string => {
  const root = '/wd:Get_Job_Profiles_Request';
  const page = readFilter(child(req, 'Response_Filter'), root, store.asOf, pageCap);
  let list = profiles(store, page.asOf);
  // Each version of a profile is an entry of its log (created, then edited), entered before the sandbox started.
  const log = readLogCriteria(child(req, 'Request_Criteria'), root, Date.now());
  if (log !== null) {
    const logOf = (id: string) =>
      (store.tenant.profiles.get(id) ?? []).map((v, i) => ({
        type: i === 0 ? 'Create Job Profile' : 'Edit Job Profile',
        entered: store.seededAt,
        effective: v.effective,
      }));
    list = list.filter((p) => logMatches(logOf(p.id), log));
  }
  const refs = child(req, 'Request_References');
  if (refs) {
    const wanted = childrenNamed(refs, 'Job_Profile_Reference').map((r) => child(r, 'ID')?.text.trim() ?? '');
    const missing = wanted.find((id) => !list.some((p) => p.id === id));
    if (missing !== undefined && attr(refs, 'Skip_Non_Existing_Instances') !== 'true')
      throw invalid(
        `Invalid ID value. '${missing}' is not a valid ID value for type = Job_Profile_ID`,
        `${root}/wd:Request_References/wd:Job_Profile_Reference/wd:ID`,
      );
    list = list.filter((p) => wanted.includes(p.id));
  }
  const { slice, xml } = pageOf(list, page);
  const items = slice.map(({ id, version: p }) =>
    wd(
      'Job_Profile',
      null,
      wdRef('Job_Profile_Reference', [['Job_Profile_ID', id]], p.title),
      wd(
        'Job_Profile_Data',
        null,
        wdText('Job_Code', id),
        wdText('Effective_Date', p.effective),
        wd(
          'Job_Profile_Basic_Data',
          null,
          wdText('Inactive', false),
          wdText('Job_Title', p.title),
          wdRef('Management_Level_Reference', [['Management_Level_ID', managementLevelOf(p.grade)]]),
          p.jobLevel ? wdRef('Job_Level_Reference', [['Job_Level_ID', p.jobLevel]], p.jobLevel) : null,
          ...p.families.map((f) =>
            wd('Job_Family_Data', null, wdRef('Job_Family_Reference', [['Job_Family_ID', slug(f)]], f)),
          ),
        ),
        p.grade
          ? wd(
              'Job_Profile_Compensation_Data',
              null,
              wdRef('Compensation_Grade_Reference', [['Compensation_Grade_ID', p.grade]], p.grade),
            )
          : null,
      ),
    ),
  );
  return wd(
    'Get_Job_Profiles_Response',
    { version: attr(req, 'version') },
    filterEcho(page),
    xml,
    wd('Response_Data', null, ...items),
  );
};
