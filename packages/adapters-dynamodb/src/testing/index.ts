export {
  type DynaliteServer,
  LOCAL_CREDENTIALS,
  returnOldItemsOnConditionCheckFailure,
  startDynalite,
  uniqueTableNames,
} from './dynalite.js';
export { putRawItem, workshopOrderItem, workshopUserItem } from './workshop-items.js';
