/** The annotated block `fluencyflow init --hris successfactors` writes. */
export const starterConfig = (id: string): string => `  - id: ${id}
    type: successfactors
    # The API server of your data centre (Admin Center > "API Center" lists it), without https://.
    apiServer: api4.successfactors.com
    # baseUrl: https://proxy.example.com/sf/   # optional: replaces https://{apiServer}/
    companyId: EXAMPLE
    auth:
      # The API key of the OAuth client registered under "Manage OAuth2 Client Applications".
      clientId: { env: SF_CLIENT_ID }
      # The user the SAML assertion is issued for; it needs the permissions on docs/connectors/successfactors.md.
      userId: apiuser
      # The PEM private key of the X.509 certificate registered with the OAuth client.
      privateKey: { file: keys/sf.pem }
    goalPlanId: 3                       # the goal plan of the review cycle (Goal_3)
    # goalCategory: Learning and Growth # default: the plan's first category
    grade: payGrade                     # or jobLevel
    mdfObject: cust_AIFluencyEligibility
    exceptionObject: cust_AIFluencyException
    dataCentreZone: UTC                 # IANA zone of the data centre (Edm.DateTime values are in it)
    # Goal states and eligibility codes are read from the goal plan and the cust_eligible picklist and picked by
    # meaning (\`fluencyflow discover\` shows the choice). Override only to choose another of the tenant's values:
    # values:
    #   goalStatus: { on-track: On Track, behind: Behind, achieved: Completed }
    #   closedStates: [Cancelled]
    #   eligible: eligible
    #   notEligible: not-eligible
    # pageSize: 1000                    # rows per page (max 1000)
    # upsertBatchSize: 1000             # records per upsert (max 1000)
`;
