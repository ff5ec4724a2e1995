// The catalog editor in the admin dashboard (issue 26).
export { CatalogPage } from './catalog-page';
export { PlanPage } from './plan-page';
export { NewPricePage } from './new-price-page';
