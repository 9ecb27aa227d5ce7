import { attr, child, childrenNamed, type XmlNode } from '../xml-read.js';
import { wd, wdRef, wdText } from '../xml-write.js';
import { jobProfileId, managementLevelOf, slug, type WdStore } from '../store.js';
import { filterEcho, pageOf, readFilter } from './paging.js';
import { invalid } from './fault.js';

interface Profile {
  id: string;
  title: string;
  family: string | null;
  grade: string | null;
}

/** Every job profile in use: one per job family and grade (its job level is the grade, like many tenants). */
const profiles = (store: WdStore): Profile[] => {
  const seen = new Map<string, Profile>();
  for (const w of store.workers)
    for (const j of w.jobs) {
      const id = jobProfileId(j.jobFamily, j.grade);
      if (!seen.has(id)) seen.set(id, { id, title: `${j.jobFamily ?? 'General'} ${j.grade ?? ''}`.trim(), family: j.jobFamily, grade: j.grade });
    }
  return [...seen.values()].sort((a, b) => a.id.localeCompare(b.id));
};

/** Get_Job_Profiles: job profiles with their job level, management level, job family and compensation grade. */
export const getJobProfiles = (store: WdStore, req: XmlNode, pageCap: number): string => {
  const root = '/wd:Get_Job_Profiles_Request';
  const page = readFilter(child(req, 'Response_Filter'), root, store.asOf, pageCap);
  let list = profiles(store);
  const refs = child(req, 'Request_References');
  if (refs) {
    const wanted = childrenNamed(refs, 'Job_Profile_Reference').map((r) => child(r, 'ID')?.text.trim() ?? '');
    const missing = wanted.find((id) => !list.some((p) => p.id === id));
    if (missing !== undefined && attr(refs, 'Skip_Non_Existing_Instances') !== 'true')
      throw invalid(`Invalid ID value. '${missing}' is not a valid ID value for type = Job_Profile_ID`, `${root}/wd:Request_References/wd:Job_Profile_Reference/wd:ID`);
    list = list.filter((p) => wanted.includes(p.id));
  }
  const { slice, xml } = pageOf(list, page);
  const items = slice.map((p) =>
    wd(
      'Job_Profile',
      null,
      wdRef('Job_Profile_Reference', [['Job_Profile_ID', p.id]], p.title),
      wd(
        'Job_Profile_Data',
        null,
        wdText('Job_Code', p.id),
        wd(
          'Job_Profile_Basic_Data',
          null,
          wdText('Inactive', false),
          wdText('Job_Title', p.title),
          wdRef('Management_Level_Reference', [['Management_Level_ID', managementLevelOf(p.grade)]]),
          p.grade ? wdRef('Job_Level_Reference', [['Job_Level_ID', p.grade]], p.grade) : null,
          p.family ? wd('Job_Family_Data', null, wdRef('Job_Family_Reference', [['Job_Family_ID', slug(p.family)]], p.family)) : null,
        ),
        p.grade ? wd('Job_Profile_Compensation_Data', null, wdRef('Compensation_Grade_Reference', [['Compensation_Grade_ID', p.grade]], p.grade)) : null,
      ),
    ),
  );
  return wd('Get_Job_Profiles_Response', { version: attr(req, 'version') }, filterEcho(page), xml, wd('Response_Data', null, ...items));
};
