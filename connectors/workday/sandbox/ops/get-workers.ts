import { attr, child, childrenNamed, type XmlNode } from '../xml-read.js';
import { wd, wdRef, wdText } from '../xml-write.js';
import { jobAsOf, jobProfileId, managementLevelOf, slug, statusAsOf, type WdStore, type WdWorker } from '../store.js';
import { profileAsOf, statusBy } from '../tenant.js';
import { bool, resolveWorker } from './refs.js';
import { filterEcho, pageOf, readFilter } from './paging.js';
import { logMatches, readLogCriteria } from './transaction-log.js';

interface Group {
  personal: boolean;
  employment: boolean;
  compensation: boolean;
  organizations: boolean;
  chain: boolean;
  goals: boolean;
  log: boolean;
  userAccount: boolean;
}

const readGroup = (g: XmlNode | undefined): Group => {
  // With no Response_Group Workday returns reference, personal, employment, compensation and organization data.
  if (!g)
    return {
      personal: true,
      employment: true,
      compensation: true,
      organizations: true,
      chain: false,
      goals: false,
      log: false,
      userAccount: false,
    };
  const on = (name: string) => bool(child(g, name)) === true;
  return {
    personal: on('Include_Personal_Information'),
    employment: on('Include_Employment_Information'),
    compensation: on('Include_Compensation'),
    organizations: on('Include_Organizations'),
    chain: on('Include_Management_Chain_Data'),
    goals: on('Include_Goals'),
    log: on('Include_Transaction_Log_Data'),
    userAccount: on('Include_User_Account'),
  };
};

const workerRef = (w: WdWorker) =>
  wdRef(
    'Worker_Reference',
    [
      ['WID', w.wid],
      ['Employee_ID', w.employeeId],
    ],
    `${w.firstName} ${w.lastName}`,
  );

const personal = (w: WdWorker): string => {
  const emails = [w.email ? [w.email, 'WORK'] : null, w.personalEmail ? [w.personalEmail, 'HOME'] : null].filter(
    (e): e is [string, string] => e !== null,
  );
  return wd(
    'Personal_Data',
    null,
    wd(
      'Name_Data',
      null,
      wd(
        'Legal_Name_Data',
        null,
        wd(
          'Name_Detail_Data',
          { Formatted_Name: `${w.firstName} ${w.lastName}` },
          wdRef('Country_Reference', [['ISO_3166-1_Alpha-2_Code', 'US']]),
          wdText('First_Name', w.firstName),
          wdText('Last_Name', w.lastName),
        ),
      ),
    ),
    wd(
      'Contact_Data',
      null,
      ...emails.map(([address, usage]) =>
        wd(
          'Email_Address_Data',
          null,
          wdText('Email_Address', address),
          wd(
            'Usage_Data',
            { Public: usage === 'WORK' ? 'true' : 'false' },
            wd(
              'Type_Data',
              { Primary: 'true' },
              wdRef('Type_Reference', [['Communication_Usage_Type_ID', usage]], usage === 'WORK' ? 'Work' : 'Home'),
            ),
          ),
        ),
      ),
    ),
  );
};

const employment = (store: WdStore, w: WdWorker, asOf: string): string => {
  const job = jobAsOf(w, asOf);
  const profileId = job ? jobProfileId(job.jobFamily, job.grade) : '';
  // The profile as it stood on the as-of date: its families may have changed since.
  const families = profileAsOf(store.tenant, profileId, asOf)?.families ?? (job?.jobFamily ? [job.jobFamily] : []);
  const status = statusAsOf(w, asOf);
  const terminated = status === 'terminated';
  const position = job
    ? wd(
        'Worker_Job_Data',
        { Primary_Job: 'true' },
        wd(
          'Position_Data',
          { Effective_Date: job.effectiveDate },
          wdText('Position_ID', `P-${w.employeeId}`),
          wdText('Business_Title', job.jobTitle),
          wdText('Start_Date', job.effectiveDate),
          wd(
            'Job_Profile_Summary_Data',
            null,
            wdRef('Job_Profile_Reference', [['Job_Profile_ID', profileId]], job.jobTitle ?? undefined),
            wdRef(
              'Management_Level_Reference',
              [['Management_Level_ID', managementLevelOf(job.grade)]],
              managementLevelOf(job.grade).replace(/^ML_/, '').replace(/_/g, ' '),
            ),
            ...families.map((f) => wdRef('Job_Family_Reference', [['Job_Family_ID', slug(f)]], f)),
            wdText('Job_Profile_Name', job.jobTitle),
          ),
          w.location
            ? wd(
                'Business_Site_Summary_Data',
                null,
                wdRef('Location_Reference', [['Location_ID', slug(w.location)]], w.location),
                wdText('Name', w.location),
              )
            : null,
        ),
      )
    : null;
  return wd(
    'Employment_Data',
    null,
    position,
    wd(
      'Worker_Status_Data',
      null,
      wdText('Active', status === 'active'),
      wdText('Hire_Date', w.hireDate),
      wdText('Terminated', terminated),
      terminated ? wdText('Termination_Date', w.terminationDate ?? asOf) : null,
    ),
  );
};

const compensation = (w: WdWorker, asOf: string): string | null => {
  const job = jobAsOf(w, asOf);
  if (!job?.grade) return null;
  return wd(
    'Compensation_Data',
    null,
    wdText('Compensation_Effective_Date', job.effectiveDate),
    wd(
      'Compensation_Guidelines_Data',
      null,
      wdRef('Compensation_Grade_Reference', [['Compensation_Grade_ID', job.grade]], job.grade),
    ),
  );
};

const organizations = (w: WdWorker): string | null =>
  w.department
    ? wd(
        'Organization_Data',
        null,
        wd(
          'Worker_Organization_Data',
          null,
          wdRef('Organization_Reference', [['Organization_Reference_ID', `SUP_${slug(w.department)}`]], w.department),
          wd(
            'Organization_Data',
            null,
            wdText('Organization_Reference_ID', `SUP_${slug(w.department)}`),
            wdText('Organization_Name', w.department),
            wdRef('Organization_Type_Reference', [['Organization_Type_ID', 'SUPERVISORY']], 'Supervisory'),
          ),
        ),
      )
    : null;

const chain = (w: WdWorker, store: WdStore): string | null => {
  const manager = w.managerId ? store.byId.get(w.managerId) : undefined;
  if (!manager) return null;
  return wd(
    'Management_Chain_Data',
    null,
    wd(
      'Worker_Supervisory_Management_Chain_Data',
      null,
      wd(
        'Management_Chain_Data',
        null,
        wdRef('Organization_Reference', [['Organization_Reference_ID', `SUP_${slug(w.department ?? 'Org')}`]]),
        workerRefNamed('Manager_Reference', manager),
      ),
    ),
  );
};
const workerRefNamed = (name: string, w: WdWorker) =>
  wdRef(
    name,
    [
      ['WID', w.wid],
      ['Employee_ID', w.employeeId],
    ],
    `${w.firstName} ${w.lastName}`,
  );

/** The worker's transaction log (job records, goal and custom object events), future-dated entries included. */
const transactionLog = (w: WdWorker): string =>
  wd(
    'Transaction_Log_Entry_Data',
    null,
    ...w.log.map((e) =>
      wd(
        'Transaction_Log_Entry',
        null,
        wdRef('Transaction_Log_Reference', [['WID', e.wid]]),
        wd(
          'Transaction_Log_Data',
          null,
          wdText('Transaction_Log_Description', `${e.type} - ${w.firstName} ${w.lastName}`),
          wdText('Transaction_Effective_Moment', `${e.effective}T00:00:00.000+00:00`),
          wdText('Transaction_Entry_Moment', e.entered),
          wdRef('Transaction_Log_Type_Reference', [['Business_Process_Type', e.type]], e.type),
          wdText('Is_Rescind_Or_Rescinded', false),
          wdText('Is_Correction_Or_Corrected', false),
        ),
      ),
    ),
  );

const statusRef = (store: WdStore, id: string): string => {
  const s = statusBy(store.tenant, 'Component_Completion_ID', id);
  return s
    ? wdRef(
        'Completion_Status_Reference',
        [
          ['WID', s.wid],
          ['Component_Completion_ID', s.refId],
        ],
        s.name,
      )
    : wdRef('Completion_Status_Reference', [['Component_Completion_ID', id]]);
};

const goals = (store: WdStore, w: WdWorker): string =>
  wd(
    'Worker_Goal_Data',
    null,
    ...w.goals
      .filter((g) => !g.archived)
      .map((g) =>
        wd(
          'Goal',
          null,
          wdRef(
            'Goal_Reference',
            g.referenceId
              ? [
                  ['WID', g.wid],
                  ['Goal_Reference_ID', g.referenceId],
                ]
              : [['WID', g.wid]],
            g.name,
          ),
          wd(
            'Goal_Data',
            null,
            wdText('Goal_Reference_ID', g.referenceId),
            wdText('Goal', g.name),
            wdText('Description', g.description),
            wdText('Due_Date', g.dueDate),
            g.statusId ? statusRef(store, g.statusId) : null,
            wdText('Completion_Date', g.completionDate),
          ),
        ),
      ),
  );

/**
 * User_Account_Data (System_User_for_Worker_Data): the user name, and the language and locale the worker chose
 * (`User_Language__Reference`, `Locale__Reference`, spelled so in Human_Resources.wsdl) when they chose one.
 */
const userAccount = (w: WdWorker): string =>
  wd(
    'User_Account_Data',
    null,
    wdText('User_Name', w.email ?? w.employeeId),
    w.locale ? wdRef('User_Language__Reference', [['User_Language_ID', w.locale]]) : null,
    w.locale ? wdRef('Locale__Reference', [['Locale_ID', w.locale]]) : null,
  );

/** Get_Workers: all workers (or the referenced ones) as of As_Of_Effective_Date, paged with Total_Pages. */
export const getWorkers = (store: WdStore, req: XmlNode, pageCap: number, repeatRows = false): string => {
  const root = '/wd:Get_Workers_Request';
  const refs = child(req, 'Request_References');
  const criteria = child(req, 'Request_Criteria');
  const page = readFilter(child(req, 'Response_Filter'), root, store.asOf, pageCap);
  const group = readGroup(child(req, 'Response_Group'));
  let list: WdWorker[];
  if (refs) {
    const skip =
      attr(refs, 'Skip_Non_Existing_Instances') === 'true' || attr(refs, 'Ignore_Invalid_References') === 'true';
    list = [];
    childrenNamed(refs, 'Worker_Reference').forEach((r, i) => {
      try {
        list.push(resolveWorker(store, r, `${root}/wd:Request_References/wd:Worker_Reference[${i + 1}]`));
      } catch (e) {
        if (!skip) throw e;
      }
    });
  } else list = store.workers;
  const log = readLogCriteria(criteria, root, Date.now());
  if (log !== null) list = list.filter((w) => logMatches(w.log, log));
  if (bool(child(criteria, 'Exclude_Inactive_Workers')))
    list = list.filter((w) => statusAsOf(w, page.asOf) === 'active');
  // Workers not yet hired on the as-of date do not exist yet.
  list = list.filter((w) => w.hireDate === null || w.hireDate <= page.asOf);
  const { slice, xml } = pageOf(list, page, repeatRows);
  const workers = slice.map((w) =>
    wd(
      'Worker',
      null,
      workerRef(w),
      wdText('Worker_Descriptor', `${w.firstName} ${w.lastName}`),
      wd(
        'Worker_Data',
        null,
        wdText('Worker_ID', w.employeeId),
        wdText('User_ID', w.email),
        group.personal ? personal(w) : null,
        group.employment ? employment(store, w, page.asOf) : null,
        group.compensation ? compensation(w, page.asOf) : null,
        group.organizations ? organizations(w) : null,
        group.chain ? chain(w, store) : null,
        group.log ? transactionLog(w) : null,
        group.goals ? goals(store, w) : null,
        group.userAccount ? userAccount(w) : null,
      ),
    ),
  );
  return wd(
    'Get_Workers_Response',
    { version: attr(req, 'version') },
    filterEcho(page),
    xml,
    wd('Response_Data', null, ...workers),
  );
};
