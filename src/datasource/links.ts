import { dashboardUids } from '../contract/dashboards';

/**
 * Where data links lead: the app's dashboards (uids fixed with the dashboards-as-code work,
 * issue 6, uids in src/contract/dashboards.ts) and Explore queries on this data source.
 */

export const DATASET_HEALTH_DASHBOARD_UID = dashboardUids.datasetHealth;
export const JOB_DETAIL_DASHBOARD_UID = dashboardUids.jobDetail;

/** Dataset health takes `var-dataset` = a dataset node id (what the `datasets` variable query answers). */
export const datasetDashboardUrl = (datasetIdExpression: string): string =>
  `/d/${DATASET_HEALTH_DASHBOARD_UID}?var-dataset=${datasetIdExpression}&\${__url_time_range}`;

/** Job detail takes `var-namespace` and `var-job` = a job node id (what the `jobs` variable query answers). */
export const jobDashboardUrl = (namespaceExpression: string, jobIdExpression: string): string =>
  `/d/${JOB_DETAIL_DASHBOARD_UID}?var-namespace=${namespaceExpression}&var-job=${jobIdExpression}&\${__url_time_range}`;
