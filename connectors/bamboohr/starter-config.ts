/** The annotated block `fluencyflow init --hris bamboohr` writes (a line ending in `\` goes on in the next). */
export const starterConfig = (id: string): string => `  - id: ${id}
    type: bamboohr
    # The part before .bamboohr.com in your BambooHR address.
    companyDomain: example
    # Optional: replaces https://{companyDomain}.bamboohr.com/api/ (the legacy
    # https://api.bamboohr.com/api/gateway.php/{companyDomain}/ form works too).
    # baseUrl: https://example.bamboohr.com/api/
    auth:
      # An API key of a user with the permissions listed in docs/connectors/bamboohr.md.
      apiKey: { env: BAMBOOHR_API_KEY }
    # The grade: a field alias, display name or numeric id from /v1/meta/fields.
    grade: { field: jobLevel }
    jobFamily: { field: customJobFamily }
    # locale: { field: customPreferredLanguage }   # a language field (ja, de-DE) for the goal's text; \
BambooHR has none built in
    fields:
      eligibility: customAIFluencyEligibility   # list field; its options are found by meaning
      reason: customAIFluencyReason             # textarea
    exceptionTable: customAIFluencyExceptions   # custom table: date, customPromotionFrom, customPromotionTo, customNote
    # values: { eligible: Yes, notEligible: No }   # only to override the options picked by meaning
    # concurrency: 4                              # goal lists read at once
`;
