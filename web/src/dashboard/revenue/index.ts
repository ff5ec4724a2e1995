// Revenue reports in the admin dashboard (issue 26).
export { RevenuePage } from './revenue-page';
