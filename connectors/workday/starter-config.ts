/** The annotated block `fluencyflow init --hris workday` writes (a line ending in `\` goes on in the next). */
export const starterConfig = (id: string): string => `  - id: ${id}
    type: workday
    host: wd2-impl-services1.workday.com   # the host of your tenant's web services
    tenant: example                         # as in https://{host}/ccx/service/{tenant}/...
    version: v44.0                          # Workday API version (at most your tenant's)
    # baseUrl: https://proxy.example.com/   # replaces https://{host}/ (a proxy or the sandbox)
    # wsdl: { Human_Resources: wsdl/Human_Resources.wsdl }   # local WSDLs; default: the tenant's ?wsdl, cached
    auth:
      username: ISU_FLUENCY@example         # integration system user, user@tenant (WS-Security PasswordText)
      password: { env: WORKDAY_PASSWORD }
      # or OAuth (API Client for Integrations, refresh token):
      # oauth: { clientId: { env: WD_CLIENT_ID }, clientSecret: { env: WD_CLIENT_SECRET }, \
refreshToken: { env: WD_REFRESH_TOKEN } }
    grade: compensationGrade                # or managementLevel | jobLevel
    # gradeOrder: [G1, G2, G3]              # lowest first, when grades.order is not set at the top
    customObject: fluencyEligibility        # single-instance Worker custom object: eligible, reason
    exceptionObject: fluencyException       # multi-instance Worker custom object: \
promotionDate, fromGrade, toGrade, note
    # values: { goalStatus: { on-track: In Progress } }   # optional overrides; default: picked from the tenant's lists
    # pageSize: 999                         # Get_Workers Count (1..999)
    # historyDays: 400                      # how far back job changes are read (>= promotion.lookbackDays)
`;
