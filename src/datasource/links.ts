/**
 * Where data links lead: the app's dashboards (uids fixed with the dashboards-as-code work,
 * issue 6) and Explore queries on this data source. The one place these uids and variable
 * names live in the data source.
 */
export const DATASET_HEALTH_DASHBOARD_UID = 'pipelinepane-dataset-health';
export const JOB_DETAIL_DASHBOARD_UID = 'pipelinepane-job-detail';

/** Dataset health takes `var-dataset` = a dataset node id (what the `datasets` variable query answers). */
export const datasetDashboardUrl = (datasetIdExpression: string): string =>
  `/d/${DATASET_HEALTH_DASHBOARD_UID}?var-dataset=${datasetIdExpression}&\${__url_time_range}`;

/** Job detail takes `var-namespace` and `var-job` = a job node id (what the `jobs` variable query answers). */
export const jobDashboardUrl = (namespaceExpression: string, jobIdExpression: string): string =>
  `/d/${JOB_DETAIL_DASHBOARD_UID}?var-namespace=${namespaceExpression}&var-job=${jobIdExpression}&\${__url_time_range}`;
