/** The annotated block `fluencyflow init --hris csv-drop` writes. */
export const starterConfig = (id: string): string => `  - id: ${id}
    type: csv-drop
    # The files your HRIS exports (relative to this file). A * picks the newest by name.
    exports:
      employees: hris-drop/exports/employees-*.csv
      jobHistory: hris-drop/exports/job-history-*.csv   # optional: without it, no promotions and no exception notes
      goals: hris-drop/exports/goals-*.csv
      notes: hris-drop/exports/exception-notes-*.csv    # optional
    # The folder your HRIS imports from; one CSV per batch lands here (columns: docs/connectors/csv-drop.md).
    outbox: hris-drop/import
    # processed: hris-drop/import/processed   # where the HRIS archives imported files (default)
    # rejected: hris-drop/import/rejected     # where it puts refused ones (default)
    # fileName: fluencyflow-{id}-{seq}-{batch}.csv
    # dateFormat: yyyy-MM-dd                  # the exports' dates, luxon tokens (MM/dd/yyyy, dd.MM.yyyy)
    # columns:                                # only the names that differ from the defaults
    #   employees: { id: employee_id, email: work_email, grade: grade, jobFamily: job_family, status: status }
    # statuses: { active: [Active], inactive: [Inactive, On leave], terminated: [Terminated] }
    # values: { eligible: eligible, notEligible: not-eligible, onTrack: on-track, behind: behind, achieved: achieved }
    # signature:                              # when the HRIS signs its exports (HMAC-SHA256, <file>.sig)
    #   key: { env: CSV_DROP_SIGNING_KEY }
`;
