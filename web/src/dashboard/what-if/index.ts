// What-if pricing in the admin dashboard (issue 26).
export { WhatIfPage } from './what-if-page';
