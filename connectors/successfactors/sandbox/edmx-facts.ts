/**
 * What the sandbox knows of the SuccessFactors data model: the entity sets it serves, their keys, properties (with
 * Edm type and whether `$filter` may use them) and navigations. Taken from the published Hub EDMX files (User from
 * PLTUserManagement, EmpJob from ECEmploymentInformation, FOPayGrade / FOJobCode from ECFoundationOrganization,
 * goals from PerformanceandGoalsPMGM; FOJobCode without its localized and cust_string columns); the conformance test
 * checks every fact here against those files. The navigations a real tenant adds (EmpJob payGradeNav / jobCodeNav)
 * and the tenant's custom MDF objects (DESIGN §8) are marked as such.
 */
export interface PropertyFact {
  type: string;
  filterable: boolean;
}

export interface EntityFact {
  keys: readonly string[];
  properties: ReadonlyMap<string, PropertyFact>;
  /** Navigation name -> target entity set ('' when the sandbox knows the name but does not serve the target). */
  navigations: ReadonlyMap<string, string>;
  /** Employee Central entities reject `$orderby` (KBA 2954606). */
  employeeCentral: boolean;
  /** Effective-dated: honours asOfDate / fromDate / toDate. */
  effectiveDated: boolean;
  source: 'edmx' | 'tenant-mdf';
  /** `sap:picklist` of picklist fields (property -> PickListV2 id). */
  picklists?: ReadonlyMap<string, string>;
  /** `sap:creatable` / `sap:upsertable` of properties that are not both true. */
  propertyAccess?: ReadonlyMap<string, { creatable: boolean; upsertable: boolean }>;
  /** `sap:creatable` / `sap:updatable` / `sap:upsertable` of the entity set, when not all true. */
  access?: { creatable: boolean; updatable: boolean; upsertable: boolean };
}

/** `name:Type` or `name:Type:nf` (not filterable), space separated. */
const props = (spec: string): Map<string, PropertyFact> =>
  new Map(
    spec
      .trim()
      .split(/\s+/)
      .map((p) => {
        const [name = '', type = '', nf] = p.split(':');
        return [name, { type: `Edm.${type}`, filterable: nf !== 'nf' }];
      }),
  );

const navs = (names: string, served: Record<string, string> = {}): Map<string, string> =>
  new Map(
    names
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((n) => [n, served[n] ?? '']),
  );

/** Facts taken from the EDMX files, by entity type name. */
export const EDMX_ENTITIES: Readonly<Record<string, EntityFact>> = {
  User: {
    keys: ['userId'],
    properties: props(
      'addressLine1:String:nf addressLine2:String:nf addressLine3:String:nf benchStrength:String:nf ' +
        'bonusBudgetAmount:Double:nf bonusTarget:Double:nf businessPhone:String:nf businessSegment:String:nf ' +
        'cellPhone:String:nf citizenship:String:nf city:String:nf compensationBonusEligible:Boolean:nf ' +
        'compensationEligible:Boolean:nf compensationReadOnly:Boolean:nf compensationSalaryEligible:Boolean:nf ' +
        'compensationSalaryRateType:String:nf compensationSalaryRateUnits:Int64:nf ' +
        'compensationStockEligible:Boolean:nf competency:Single:nf country:String:nf ' +
        'criticalTalentComments:String:nf custom01:String:nf custom02:String:nf custom03:String:nf ' +
        'custom04:String:nf custom05:String:nf custom06:String:nf custom07:String:nf custom08:String:nf ' +
        'custom09:String:nf custom10:String:nf custom11:String:nf custom12:String:nf custom13:String:nf ' +
        'custom14:String:nf custom15:String:nf dateOfBirth:DateTime:nf dateOfCurrentPosition:DateTime:nf ' +
        'dateOfPosition:DateTime:nf defaultFullName:String:nf defaultLocale:String:nf department:String ' +
        'division:String email:String:nf empId:String:nf employeeClass:String:nf ethnicity:String:nf fax:String:nf ' +
        'finalJobCode:String:nf finalJobFamily:String:nf finalJobRole:String:nf firstName:String ' +
        'futureLeader:Boolean:nf gender:String:nf hireDate:DateTime:nf homePhone:String:nf impactOfLoss:String:nf ' +
        'impactOfLossComments:String:nf issueComments:String:nf jobCode:String jobFamily:String:nf ' +
        'jobLevel:String:nf jobRole:String:nf jobTitle:String:nf keyPosition:Boolean:nf lastModified:DateTime ' +
        'lastModifiedDateTime:DateTimeOffset lastModifiedWithTZ:DateTimeOffset lastName:String ' +
        'lastReviewDate:String:nf level:String:nf localCurrencyCode:String:nf location:String ' +
        'lumpsum2Target:Double:nf lumpsumTarget:Double:nf married:Boolean:nf matrix1Label:String:nf ' +
        'matrix2Label:String:nf matrixManaged:Boolean:nf meritEffectiveDate:DateTime:nf meritTarget:DateTime:nf ' +
        'mi:String:nf minority:Boolean:nf nationality:String:nf newToPosition:Boolean:nf nickname:String:nf ' +
        'objective:Single:nf onboardingId:String:nf origHireDate:DateTime:nf password:String:nf payGrade:String:nf ' +
        'performance:Single:nf potential:Single:nf promotionAmount:Double:nf raiseProrating:Double:nf ' +
        'reasonForLeaving:String:nf reloComments:String:nf reloLocation:String:nf reloWilling:String:nf ' +
        'reviewFreq:String:nf riskOfLoss:String:nf salary:Double:nf salaryBudgetExtra2Percentage:Double:nf ' +
        'salaryBudgetExtraPercentage:Double:nf salaryBudgetFinalSalaryPercentage:Double:nf ' +
        'salaryBudgetLumpsumPercentage:Double:nf salaryBudgetMeritPercentage:Double:nf ' +
        'salaryBudgetPromotionPercentage:Double:nf salaryBudgetTotalRaisePercentage:Double:nf salaryLocal:Double:nf ' +
        'salaryProrating:Double:nf salutation:String:nf sciLastModified:DateTimeOffset seatingChart:String:nf ' +
        'serviceDate:DateTime:nf ssn:String:nf state:String:nf status:String stockBudgetOptionAmount:Double:nf ' +
        'stockBudgetOther1Amount:Double:nf stockBudgetOther2Amount:Double:nf stockBudgetOther3Amount:Double:nf ' +
        'stockBudgetStockAmount:Double:nf stockBudgetUnitAmount:Double:nf suffix:String:nf sysCostOfSource:Single:nf ' +
        'sysSource:Int32:nf sysStartingSalary:Single:nf timeZone:String:nf title:String:nf totalTeamSize:Int64:nf ' +
        'userId:String username:String veteranDisabled:Boolean:nf veteranMedal:Boolean:nf ' +
        'veteranProtected:Boolean:nf veteranSeparated:Boolean:nf zipCode:String:nf ',
    ),
    navigations: navs(
      'customManager customReports directReports hr hrReports manager matrixManager matrixReports proxy ' +
        'secondManager secondReports userPermissionsNav',
      { manager: 'User' },
    ),
    employeeCentral: false,
    effectiveDated: false,
    source: 'edmx',
  },
  EmpJob: {
    keys: ['seqNumber', 'startDate', 'userId'],
    properties: props(
      'assedicCertInitialStateNum:Int64 assedicCertObjectNum:Int64 businessUnit:String calcMethodIndicator:Boolean ' +
        'commitmentIndicator:String company:String contractReferenceForAed:String contractType:String ' +
        'costCenter:String countryOfCompany:String createdBy:String createdDateTime:DateTimeOffset ' +
        'createdOn:DateTime defaultOvertimeCompensationVariant:String department:String division:String ' +
        'eeo1JobCategory:String eeo4JobCategory:String eeo5JobCategory:String eeo6JobCategory:String eeoClass:String ' +
        'electoralCollegeForWorkersRepresentatives:String electoralCollegeForWorksCouncil:String ' +
        'empRelationship:String emplStatus:String employeeClass:String employeeWorkgroupMembership:String ' +
        'employmentType:String endDate:DateTime event:String eventReason:String exclExecutiveSector:Boolean ' +
        'expectedReturnDate:DateTime familyRelationshipWithEmployer:String fgtsDate:DateTime fgtsOptant:Boolean ' +
        'fgtsPercent:Double flsaStatus:String fte:Double harmfulAgentExposure:String hazard:Boolean ' +
        'healthRisk:Boolean holidayCalendarCode:String isCompetitionClauseActive:Boolean isFulltimeEmployee:Boolean ' +
        'isSideLineJobAllowed:Boolean jobCode:String jobTitle:String laborProtection:Boolean lastModifiedBy:String ' +
        'lastModifiedDateTime:DateTimeOffset lastModifiedOn:DateTime location:String managerId:String ' +
        'mandatoryWorkBreakRecord:Int64 municipalInseeCode:Int64 notes:String operation:String:nf payGrade:String ' +
        'payScaleArea:String payScaleGroup:String payScaleLevel:String payScaleType:String pcfm:Boolean ' +
        'pensionProtection:Boolean permitIndicator:Boolean position:String positionEntryDate:DateTime ' +
        'probationPeriodEndDate:DateTime regularTemp:String residentVote:Boolean retired:Boolean seqNumber:Int64 ' +
        'sickPaySupplement:String standardHours:Double startDate:DateTime teachersPension:Boolean ' +
        'timeRecordingAdmissibilityCode:String timeRecordingProfileCode:String timeRecordingVariant:String ' +
        'timeTypeProfileCode:String timezone:String travelDistance:Double tupeOrgNumber:String userId:String ' +
        'workLocation:String workerCategory:String workingDaysPerWeek:Double workingTimeDirective:Boolean ' +
        'workscheduleCode:String wtdHoursLimit:String ',
    ),
    navigations: navs('employmentNav managerEmploymentNav', {}),
    employeeCentral: true,
    effectiveDated: true,
    source: 'edmx',
  },
  FOPayGrade: {
    keys: ['externalCode', 'startDate'],
    properties: props(
      'createdBy:String createdDateTime:DateTimeOffset createdOn:DateTime customString1:String:nf ' +
        'description:String:nf endDate:DateTime externalCode:String lastModifiedBy:String ' +
        'lastModifiedDateTime:DateTimeOffset lastModifiedOn:DateTime name:String paygradeLevel:Int64:nf ' +
        'startDate:DateTime status:String ',
    ),
    navigations: navs('descriptionTranslationNav nameTranslationNav', {}),
    employeeCentral: true,
    effectiveDated: true,
    source: 'edmx',
  },
  FOJobCode: {
    keys: ['externalCode', 'startDate'],
    properties: props(
      'createdBy:String createdDateTime:DateTimeOffset createdOn:DateTime customString1:String ' +
        'customString2:String customString3:String customString4:String customString5:String customString6:String ' +
        'customString7:String customString8:String customString9:String defaultEmployeeClass:String ' +
        'defaultJobLevel:String defaultSupervisorLevel:String description:String employeeClass:String ' +
        'endDate:DateTime externalCode:String grade:String isFulltimeEmployee:Boolean isRegular:String ' +
        'jobFunction:String jobLevel:String lastModifiedBy:String lastModifiedDateTime:DateTimeOffset ' +
        'lastModifiedOn:DateTime name:String parentJobCode:String regularTemporary:String standardHours:Double ' +
        'startDate:DateTime status:String supervisorLevel:String workerCompCode:String ',
    ),
    navigations: navs(
      'customString1TranslationNav customString2TranslationNav customString6TranslationNav ' +
        'customString7TranslationNav customString8TranslationNav customString9TranslationNav ' +
        'descriptionTranslationNav gradeNav jobFunctionNav localNavAUS localNavBRA localNavCAN localNavDEFLT ' +
        'localNavFRA localNavGBR localNavITA localNavUSA nameTranslationNav parentJobCodeNav ' +
        'toJobClassificationCountry',
      { gradeNav: 'FOPayGrade' },
    ),
    employeeCentral: true,
    effectiveDated: true,
    source: 'edmx',
  },
  GoalPlanTemplate: {
    keys: ['id'],
    properties: props(
      'defaultTemplate:Boolean description:String displayOrder:Int64 dueDate:DateTime id:Int64 ' +
        'mobileFields:String:nf name:String parentPlanId:Int64 startDate:DateTime useTextForPrivacy:Boolean:nf ',
    ),
    navigations: navs('enums goalWeights goals planStates', {}),
    employeeCentral: false,
    effectiveDated: false,
    source: 'edmx',
  },
  GoalEnum: {
    keys: ['fieldId', 'planId', 'value'],
    properties: props('fieldId:String label:String:nf planId:Int64 value:String:nf '),
    navigations: navs('', {}),
    employeeCentral: false,
    effectiveDated: false,
    source: 'edmx',
  },
  Goal_3: {
    keys: ['id'],
    properties: props(
      'category:String currentOwner:String done:Double due:DateTime flag:Int32 guid:String id:Int64 ' +
        'lastModified:DateTime metric:String modifier:String name:String numbering:String planId:Int64:nf ' +
        'start:DateTime state:String stateLabel:String:nf status:Int64:nf type:String userId:String weight:Double ',
    ),
    navigations: navs('milestones permissionNav tasks', {}),
    propertyAccess: new Map([
      ['currentOwner', { creatable: false, upsertable: false }],
      ['guid', { creatable: false, upsertable: false }],
      ['planId', { creatable: false, upsertable: false }],
      ['stateLabel', { creatable: true, upsertable: false }],
    ]),
    employeeCentral: false,
    effectiveDated: false,
    source: 'edmx',
  },
  PickListValueV2: {
    keys: ['PickListV2_effectiveStartDate', 'PickListV2_id', 'externalCode'],
    properties: props(
      'PickListV2_effectiveStartDate:DateTime PickListV2_id:String externalCode:String label_defaultValue:String ' +
        'label_localized:String:nf mdfSystemEffectiveEndDate:DateTime mdfSystemEffectiveStartDate:DateTime ' +
        'status:String ',
    ),
    navigations: navs('parentPickListValueNav', {}),
    employeeCentral: false,
    effectiveDated: true,
    source: 'edmx',
    access: { creatable: false, updatable: false, upsertable: false },
  },
};
