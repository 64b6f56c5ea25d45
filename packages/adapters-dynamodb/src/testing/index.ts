export {
  type DynaliteServer,
  LOCAL_CREDENTIALS,
  returnOldItemsOnConditionCheckFailure,
  startDynalite,
  uniqueTableNames,
} from './dynalite.js';
